//! The public lead form's entry point: mount a form into every `[data-dms-lead-form]` element.

fn main() {
    // Development builds say why they panicked; release builds leave the formatting out (size).
    #[cfg(debug_assertions)]
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
    // Loaded by embed.js, which mounts the forms in shadow roots itself (`dmsMountEmbedded`).
    let embedded = js_sys::Reflect::get(&js_sys::global(), &"dmsLeadFormEmbed".into())
        .is_ok_and(|flag| flag.is_truthy());
    if !embedded {
        dms_lead_widget::mount_all();
    }
}
