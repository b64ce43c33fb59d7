//! Diagnosis only (feature `heap-stats`): a global allocator that counts the bytes in use, so a
//! memory probe can tell memory the widget still holds (a leak) from memory the allocator keeps
//! after it was freed (fragmentation): wasm memory never shrinks, so its size alone cannot.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use wasm_bindgen::prelude::wasm_bindgen;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
/// Live allocations per size (bytes 0..1023; larger ones counted at 1023).
static BY_SIZE: [AtomicUsize; 1024] = [const { AtomicUsize::new(0) }; 1024];

fn count(size: usize, delta: isize) {
    let slot = &BY_SIZE[size.min(1023)];
    if delta > 0 {
        slot.fetch_add(1, Ordering::Relaxed);
    } else {
        slot.fetch_sub(1, Ordering::Relaxed);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        count(layout.size(), 1);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        count(layout.size(), -1);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        count(layout.size(), -1);
        count(new_size, 1);
        System.realloc(ptr, layout, new_size)
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
