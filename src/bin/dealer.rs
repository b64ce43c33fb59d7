//! The dealer pages' entry point: mount them into every `[data-dms-dealer]` element.

fn main() {
    #[cfg(debug_assertions)]
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
    dms_lead_widget::dealer::mount_all();
}
