//! The public lead form's entry point: mount a form into every `[data-dms-lead-form]` element.

fn main() {
    // Development builds say why they panicked; release builds leave the formatting out (size).
    #[cfg(debug_assertions)]
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
    dms_lead_widget::mount_all();
}
