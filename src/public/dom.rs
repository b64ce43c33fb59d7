//! The public form's view layer: elements made once with `web-sys`, their changing parts (an
//! attribute, a class, a property, a text, a run of children) each kept up to date by one render
//! effect of Leptos' reactive system.
//!
//! Why not `view!`: Leptos' view layer (`tachys`) gives every view its own type, and every such type
//! its own build, rebuild and mount code. Over the form's few dozen controls that was the largest
//! part of the public bundle (see docs/performance.md). Here every builder call goes through the
//! same few functions; a closure is boxed before it is handed on, so the code is not copied per
//! call site. The dealer pages, which are not budgeted, keep `view!`.
//!
//! Ownership follows the reactive owner that is current while building: an effect or an event
//! handler is dropped with it. [`El::region`] rebuilds its children under a fresh owner each time,
//! so what the old children held goes with them.
//!
//! ```ignore
//! let count = RwSignal::new(0);
//! let button = el("button")
//!     .attr("type", "button")
//!     .bind_text(move || count.get().to_string())
//!     .on("click", move |_| count.update(|n| *n += 1));
//! ```

use std::cell::RefCell;

use leptos::prelude::{document, StoredValue};
use leptos::reactive::effect::RenderEffect;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event, Node};

/// An element being built.
pub struct El(Element);

/// A new `<tag>` element.
pub fn el(tag: &str) -> El {
    El(document().create_element(tag).expect("a known tag"))
}

/// Keeps `value` as long as the current reactive owner lives.
fn keep<T: 'static>(value: T) {
    let _ = StoredValue::new_local(value);
}

/// Runs `update` now and again whenever a signal it read changes, for as long as the current
/// owner lives.
pub fn effect(update: impl FnMut() + 'static) {
    effect_boxed(Box::new(update));
}

fn effect_boxed(mut update: Box<dyn FnMut()>) {
    keep(RenderEffect::new(move |_: Option<()>| update()));
}

/// The `value` of the control an event came from (`""` when it has none).
pub fn target_value(event: &Event) -> String {
    event
        .target()
        .and_then(|t| js_sys::Reflect::get(&t, &"value".into()).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// Whether the tick box an event came from is ticked.
pub fn target_checked(event: &Event) -> bool {
    event
        .target()
        .and_then(|t| js_sys::Reflect::get(&t, &"checked".into()).ok())
        .is_some_and(|v| v.is_truthy())
}

impl El {
    /// The element itself.
    pub fn element(&self) -> &Element {
        &self.0
    }

    pub fn into_element(self) -> Element {
        self.0
    }

    pub fn attr(self, name: &str, value: &str) -> El {
        let _ = self.0.set_attribute(name, value);
        self
    }

    /// Sets the attribute when there is a value.
    pub fn attr_some(self, name: &str, value: Option<&str>) -> El {
        match value {
            Some(value) => self.attr(name, value),
            None => self,
        }
    }

    pub fn class(self, value: &str) -> El {
        self.attr("class", value)
    }

    /// Appends a text.
    pub fn text(self, text: &str) -> El {
        let _ = self.0.append_with_str_1(text);
        self
    }

    /// Appends `child`; one already in this element (taken over from [`Painted`]) stays where it
    /// is, since moving it would lay it out and paint it again.
    pub fn child(self, child: El) -> El {
        append_once(&self.0, &child.0);
        self
    }

    pub fn child_some(self, child: Option<El>) -> El {
        match child {
            Some(child) => self.child(child),
            None => self,
        }
    }

    /// Keeps the attribute `name` at `value()`: set while it is `Some`, removed while `None`.
    pub fn bind_attr(self, name: &'static str, value: impl Fn() -> Option<String> + 'static) -> El {
        self.bind_attr_boxed(name, Box::new(value))
    }

    fn bind_attr_boxed(self, name: &'static str, value: Box<dyn Fn() -> Option<String>>) -> El {
        let element = self.0.clone();
        effect(move || {
            let _ = match value() {
                Some(value) => element.set_attribute(name, &value),
                None => element.remove_attribute(name),
            };
        });
        self
    }

    /// Keeps a boolean attribute (`hidden`, `disabled`) present while `on()` is true.
    pub fn bind_flag(self, name: &'static str, on: impl Fn() -> bool + 'static) -> El {
        self.bind_attr(name, move || on().then(String::new))
    }

    /// Keeps `class` on the element while `on()` is true.
    pub fn bind_class(self, class: &'static str, on: impl Fn() -> bool + 'static) -> El {
        self.bind_class_boxed(class, Box::new(on))
    }

    fn bind_class_boxed(self, class: &'static str, on: Box<dyn Fn() -> bool>) -> El {
        let classes = self.0.class_list();
        effect(move || {
            let _ = classes.toggle_with_force(class, on());
        });
        self
    }

    /// Keeps the DOM property `name` (`value`, `checked`) at `value()`: what the control shows,
    /// as opposed to its attribute, which only sets the starting value.
    pub fn bind_prop(self, name: &'static str, value: impl Fn() -> JsValue + 'static) -> El {
        self.bind_prop_boxed(name, Box::new(value))
    }

    fn bind_prop_boxed(self, name: &'static str, value: Box<dyn Fn() -> JsValue>) -> El {
        let element = self.0.clone();
        effect(move || {
            let _ = js_sys::Reflect::set(&element, &name.into(), &value());
        });
        self
    }

    /// Appends a text kept at `text()`.
    pub fn bind_text(self, text: impl Fn() -> String + 'static) -> El {
        self.bind_text_boxed(Box::new(text))
    }

    fn bind_text_boxed(self, text: Box<dyn Fn() -> String>) -> El {
        let node = document().create_text_node("");
        let _ = self.0.append_child(&node);
        effect(move || node.set_data(&text()));
        self
    }

    /// Calls `handler` with every `event` of the element, for as long as the current owner lives.
    pub fn on(self, event: &str, handler: impl FnMut(Event) + 'static) -> El {
        self.on_boxed(event, Box::new(handler))
    }

    fn on_boxed(self, event: &str, handler: Box<dyn FnMut(Event)>) -> El {
        let handler = Closure::wrap(handler);
        let _ = self
            .0
            .add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
        keep(handler);
        self
    }

    /// Children built by `build`, here, and built again whenever a signal `build` read changes.
    /// Each build runs under a fresh owner: the previous children's effects and handlers are
    /// dropped with them. `build` may also return elements it made before under an owner of its
    /// own (kept rows): they are moved into place, and only when they are not there already, so
    /// one that has the focus keeps it.
    pub fn region(self, build: impl Fn() -> Vec<El> + 'static) -> El {
        self.region_boxed(Box::new(build))
    }

    fn region_boxed(self, build: Box<dyn Fn() -> Vec<El>>) -> El {
        // The children go before this empty text, so what follows the region stays after it.
        let marker: Node = document().create_text_node("").into();
        let _ = self.0.append_child(&marker);
        let shown = RefCell::new(Vec::<Element>::new());
        effect(move || {
            let children: Vec<Element> = build().into_iter().map(El::into_element).collect();
            let mut shown = shown.borrow_mut();
            for old in shown.drain(..) {
                if !children.contains(&old) {
                    old.remove();
                }
            }
            // From the last child to the first, each goes before the one after it.
            let mut next = marker.clone();
            for child in children.iter().rev() {
                if child.next_sibling().as_ref() != Some(&next) {
                    if let Some(parent) = marker.parent_node() {
                        let _ = parent.insert_before(child, Some(&next));
                    }
                }
                next = child.clone().into();
            }
            *shown = children;
        });
        self
    }
}

impl From<Element> for El {
    fn from(element: Element) -> El {
        El(element)
    }
}

/// Appends `child` to `parent` unless it is already in it.
pub fn append_once(parent: &Element, child: &Element) {
    if child.parent_element().as_ref() != Some(parent) {
        let _ = parent.append_child(child);
    }
}

/// What the page showed before the wasm arrived (the first lines `embed.js` paints), for the
/// form to take over element by element instead of replacing them with identical new ones.
///
/// Text that stays in place keeps its first paint: replaced, it would be painted again when the
/// wasm is there, and the browser would count that later paint as the host page's largest
/// contentful paint. The taken-over elements get the form's attributes, handlers and children
/// like new ones.
///
/// ```ignore
/// let painted = Painted::within(shell_root);
/// let heading = painted.take_text("h2", "dlf-title", "Request a call back");
/// ```
#[derive(Default)]
pub struct Painted(Option<Element>);

impl Painted {
    /// Takes over elements inside `root`.
    pub fn within(root: Element) -> Painted {
        Painted(Some(root))
    }

    fn find(&self, tag: &str, class: &str) -> Option<Element> {
        let selector = match class {
            "" => tag.to_owned(),
            class => [tag, class].join("."),
        };
        self.0.as_ref()?.query_selector(&selector).ok().flatten()
    }

    /// The painted `<tag class="class">` (`class` may be empty), or a new one.
    pub fn take(&self, tag: &str, class: &str) -> El {
        match self.find(tag, class) {
            Some(found) => El(found),
            None => new_el(tag, class),
        }
    }

    /// [`Painted::take`] for an element that says `text`: a painted one keeps its text node when
    /// it already says it.
    pub fn take_text(&self, tag: &str, class: &str, text: &str) -> El {
        match self.find(tag, class) {
            Some(found) => {
                if found.text_content().as_deref() != Some(text) {
                    found.set_text_content(Some(text));
                }
                El(found)
            }
            None => new_el(tag, class).text(text),
        }
    }
}

/// A new `<tag>`, with `class` unless it is empty.
fn new_el(tag: &str, class: &str) -> El {
    match class {
        "" => el(tag),
        class => el(tag).class(class),
    }
}

/// An `Option` of one child, as a region's list.
pub fn one(child: Option<El>) -> Vec<El> {
    child.into_iter().collect()
}
