//! The public lead form's entry point: mount a form into every `[data-dms-lead-form]` element.

fn main() {
    dms_lead_widget::mount_all();
}
