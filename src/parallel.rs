//! Work on every core: an order-keeping parallel map over a slice, on
//! scoped threads (the items are borrowed, nothing is `'static`). Items are
//! handed out one at a time from a shared counter, so a slow item does not
//! hold back a whole chunk.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many threads to use: the cores available, at least one.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `items.iter().map(f)` on every core; the results keep the input order.
/// Small inputs run on the calling thread.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let n = threads().min(items.len());
    if n <= 1 || items.len() < 8 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let out: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..n {
            s.spawn(|| {
                let mut done = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= items.len() {
                        break;
                    }
                    done.push((i, f(&items[i])));
                    // Hand results over in batches: one lock per 64 items.
                    if done.len() == 64 {
                        let mut o = out.lock().unwrap_or_else(|p| p.into_inner());
                        for (i, r) in done.drain(..) {
                            o[i] = Some(r);
                        }
                    }
                }
                let mut o = out.lock().unwrap_or_else(|p| p.into_inner());
                for (i, r) in done {
                    o[i] = Some(r);
                }
            });
        }
    });
    out.into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .map(|r| r.expect("every item was mapped"))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_input_order() {
        let items: Vec<u64> = (0..10_000).collect();
        let out = super::map(&items, |x| x * 2);
        assert_eq!(out, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        assert_eq!(super::map(&[1, 2], |x| x + 1), [2, 3]);
        assert!(super::map(&[] as &[u8], |x| *x).is_empty());
    }
}
