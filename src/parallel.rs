//! Work shared out over threads, results in input order.
//!
//! In: items, a thread count and a function. Out: the function's results in the items' order,
//! the same whatever the number of threads. Must not: reorder, drop or swallow a panic (it is
//! raised again in the caller).

/// `f` of every item on up to `threads` threads (a contiguous share each), results in order.
pub fn par_map<T: Send, U: Send>(
    items: Vec<T>,
    threads: usize,
    f: impl Fn(T) -> U + Sync,
) -> Vec<U> {
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return items.into_iter().map(f).collect();
    }
    let f = &f;
    let shares = shares(items, threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = shares
            .into_iter()
            .map(|share| scope.spawn(move || share.into_iter().map(f).collect::<Vec<U>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// The items cut into exactly `count` contiguous shares, in order, as even as can be (the
/// last ones may be short or empty).
pub fn shares<T>(mut items: Vec<T>, count: usize) -> Vec<Vec<T>> {
    let size = items.len().div_ceil(count.max(1)).max(1);
    let mut shares = Vec::with_capacity(count);
    for _ in 0..count.max(1) {
        let rest = items.split_off(size.min(items.len()));
        shares.push(std::mem::replace(&mut items, rest));
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order_whatever_the_threads() {
        let items: Vec<u32> = (0..1001).collect();
        let one = par_map(items.clone(), 1, |i| i * 3);
        for threads in [2, 3, 7, 2000] {
            assert_eq!(par_map(items.clone(), threads, |i| i * 3), one);
        }
        assert!(par_map(Vec::<u32>::new(), 4, |i| i).is_empty());
        assert_eq!(
            shares(vec![1, 2, 3, 4, 5], 4),
            vec![vec![1, 2], vec![3, 4], vec![5], vec![]]
        );
    }
}
