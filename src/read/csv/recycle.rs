//! Column memory that comes back when a batch is dropped, for the next batches.
//!
//! A batch's columns are megabytes of memory. Allocated anew for every batch, that
//! memory is often returned to the operating system when the caller drops the batch
//! and asked for again for the next one; every page of it then costs a page fault
//! and cache misses, which measured about a quarter of the reading time of a large
//! file. So the Arrow buffers of a batch hand their memory back to a [`Pool`] when the
//! last array using them is dropped, and the next columns are built in it. The pool
//! keeps a bounded number of allocations, so memory stays bounded.

use std::ptr::NonNull;
use std::sync::{Arc, Mutex, Weak};

use arrow_buffer::Buffer;

/// Allocations of `T` handed back by dropped buffers.
pub(super) struct Pool<T> {
    shelf: Arc<Mutex<Vec<Vec<T>>>>,
}

impl<T> Default for Pool<T> {
    fn default() -> Self {
        Pool {
            shelf: Arc::new(Mutex::new(Vec::new())),
        }
    }
}

/// Most allocations a pool keeps; more are freed. Enough for two batches of a wide
/// file (a batch is being dropped while the next is built), few enough to matter
/// little when a narrower file leaves fewer in use.
const KEEP: usize = 256;

impl<T: Copy + Send + Sync + std::panic::RefUnwindSafe + 'static> Pool<T> {
    /// An empty vector with room for `capacity` items: the smallest handed-back
    /// allocation that is large enough, or a new one.
    pub(super) fn take(&self, capacity: usize) -> Vec<T> {
        if let Ok(mut shelf) = self.shelf.lock() {
            let best = shelf
                .iter()
                .enumerate()
                .filter(|(_, vec)| vec.capacity() >= capacity)
                .min_by_key(|(_, vec)| vec.capacity())
                .map(|(index, _)| index);
            if let Some(index) = best {
                let mut vec = shelf.swap_remove(index);
                vec.clear();
                return vec;
            }
        }
        Vec::with_capacity(capacity)
    }

    /// An Arrow buffer holding `vec`'s items, whose allocation comes back to this
    /// pool once no array uses the buffer any more.
    pub(super) fn buffer(&self, vec: Vec<T>) -> Buffer {
        let len = std::mem::size_of_val(vec.as_slice());
        let ptr = NonNull::from(vec.as_slice()).cast::<u8>();
        let owner = Arc::new(Lent {
            vec,
            pool: Arc::downgrade(&self.shelf),
        });
        // SAFETY: `ptr` and `len` describe the items of `vec`, which stay where they
        // are when the vector moves into `owner` and are not changed while `owner`
        // lives; the buffer keeps `owner` alive as long as it uses them.
        unsafe { Buffer::from_custom_allocation(ptr, len, owner) }
    }
}

/// An allocation lent to an Arrow buffer; going back to its pool when dropped.
struct Lent<T> {
    vec: Vec<T>,
    pool: Weak<Mutex<Vec<Vec<T>>>>,
}

impl<T> Drop for Lent<T> {
    fn drop(&mut self) {
        let Some(shelf) = self.pool.upgrade() else {
            return;
        };
        if let Ok(mut shelf) = shelf.lock() {
            if shelf.len() < KEEP {
                shelf.push(std::mem::take(&mut self.vec));
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_buffer_lends_its_memory_to_the_next_take() {
        let pool = Pool::<i32>::default();
        let mut vec = pool.take(1000);
        vec.extend(0..1000);
        let address = vec.as_ptr();
        let buffer = pool.buffer(vec);
        assert_eq!(buffer.len(), 4000);
        assert_eq!(buffer.typed_data::<i32>()[999], 999);
        let small = pool.take(10);
        assert_ne!(small.as_ptr(), address, "the memory is still in use");
        drop(buffer);
        let again = pool.take(500);
        assert_eq!(again.as_ptr(), address, "the memory came back");
        assert!(again.is_empty());
        assert!(pool.take(5000).capacity() >= 5000, "too small to lend");
    }

    #[test]
    fn memory_outliving_its_pool_is_simply_freed() {
        let pool = Pool::<u8>::default();
        let buffer = pool.buffer(vec![1, 2, 3]);
        drop(pool);
        assert_eq!(buffer.as_slice(), [1, 2, 3]);
    }
}
