//! Diagnosis only (feature `heap-stats`): a global allocator that counts the bytes in use, so a
//! memory probe can tell memory the widget still holds (a leak) from memory the allocator keeps
//! after it was freed (fragmentation): wasm memory never shrinks, so its size alone cannot.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use wasm_bindgen::prelude::wasm_bindgen;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
/// Live allocations per size (bytes 0..1023; larger ones counted at 1023).
static BY_SIZE: [AtomicUsize; 1024] = [const { AtomicUsize::new(0) }; 1024];

/// The allocation size whose call sites are traced (0: none); see [`trace_size`].
static TRACED_SIZE: AtomicUsize = AtomicUsize::new(0);
/// Set while the page records a call site: the recording allocates too.
static RECORDING: AtomicBool = AtomicBool::new(false);

#[wasm_bindgen(inline_js = "
const sites = new Map();
export function traceAlloc(ptr) {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 60;
  const frames = new Error().stack.split('\\n').filter((f) => f.includes('wasm-function'));
  Error.stackTraceLimit = limit;
  sites.set(ptr, frames.map((f) => f.replace(/^ *at [^.]*\\.wasm\\./, '').replace(/ \\(http.*/, '')).join('\\n'));
}
export function traceFree(ptr) { sites.delete(ptr); }
export function tracedSites() {
  const bySite = new Map();
  for (const stack of sites.values()) bySite.set(stack, (bySite.get(stack) || 0) + 1);
  return [...bySite].sort((a, b) => b[1] - a[1]).map(([stack, n]) => n + ' live from\\n' + stack);
}
export function clearSites() { sites.clear(); }
")]
extern "C" {
    #[wasm_bindgen(js_name = traceAlloc)]
    fn trace_alloc(ptr: usize);
    #[wasm_bindgen(js_name = traceFree)]
    fn trace_free(ptr: usize);
    #[wasm_bindgen(js_name = tracedSites)]
    fn traced_sites() -> Vec<String>;
    #[wasm_bindgen(js_name = clearSites)]
    fn clear_sites();
}

/// Records (or forgets) the call site of an allocation of the traced size.
fn trace(size: usize, ptr: *mut u8, allocated: bool) {
    if size == 0
        || size != TRACED_SIZE.load(Ordering::Relaxed)
        || RECORDING.swap(true, Ordering::Relaxed)
    {
        return;
    }
    if allocated {
        trace_alloc(ptr as usize);
    } else {
        trace_free(ptr as usize);
    }
    RECORDING.store(false, Ordering::Relaxed);
}

/// Starts recording where allocations of `size` bytes are made (forgetting earlier records);
/// [`live_sites`] then lists the JS stacks of those still alive. A build without wasm-opt keeps
/// the function names in those stacks.
#[wasm_bindgen(js_name = dlfTraceSize)]
pub fn trace_size(size: usize) {
    clear_sites();
    TRACED_SIZE.store(size, Ordering::Relaxed);
}

/// The call sites of live allocations of the traced size, most frequent first.
#[wasm_bindgen(js_name = dlfLiveSites)]
pub fn live_sites() -> Vec<String> {
    RECORDING.store(true, Ordering::Relaxed);
    let sites = traced_sites();
    RECORDING.store(false, Ordering::Relaxed);
    sites
}

fn count(size: usize, delta: isize) {
    let slot = &BY_SIZE[size.min(1023)];
    if delta > 0 {
        slot.fetch_add(1, Ordering::Relaxed);
    } else {
        slot.fetch_sub(1, Ordering::Relaxed);
    }
}

// A global allocator is unsafe by its contract; this one only counts and hands on to `System`.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        count(layout.size(), 1);
        let ptr = System.alloc(layout);
        trace(layout.size(), ptr, true);
        ptr
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        count(layout.size(), -1);
        trace(layout.size(), ptr, false);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        count(layout.size(), -1);
        count(new_size, 1);
        trace(layout.size(), ptr, false);
        let moved = System.realloc(ptr, layout, new_size);
        trace(new_size, moved, true);
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Bytes currently allocated by the widget.
#[wasm_bindgen(js_name = dlfLiveHeapBytes)]
pub fn live_heap_bytes() -> usize {
    LIVE.load(Ordering::Relaxed)
}

/// Live allocation counts by size, as `[size, count]` pairs for the sizes with any.
#[wasm_bindgen(js_name = dlfLiveBySize)]
pub fn live_by_size() -> Vec<usize> {
    BY_SIZE
        .iter()
        .enumerate()
        .filter_map(|(size, n)| {
            let n = n.load(Ordering::Relaxed);
            (n > 0).then_some([size, n])
        })
        .flatten()
        .collect()
}
