//! The type attribute cache: remembers what a lookup of a name along a type's
//! MRO found (or that it found nothing), so attribute loads, method calls and
//! special-method checks on instances do not rescan class dicts every time.
//!
//! Entries are keyed by (type address, interned name). A whole-cache epoch
//! makes invalidation O(1): an entry counts only if it was stored in the
//! current epoch. The epoch moves on
//! - at every collection, since a freed type's address may be reused, and
//!   cached values are not roots (collections the VM did not start, such as
//!   a board's global allocator collecting, are noticed by `sync`);
//! - whenever a class namespace dict changes (the dict marks itself as one;
//!   see `dict::mark_class_ns`), since that may change any lookup result.

use crate::obj::TypeObj;
use crate::objects::type_::Found;
use crate::qstr::Qstr;

/// Entries in the cache (a power of two).
const SIZE: usize = 128;

#[derive(Clone, Copy)]
struct Entry {
    ty: usize,
    name: usize,
    epoch: usize,
    found: Option<Found>,
}

/// A direct-mapped cache of MRO lookups.
pub struct AttrCache {
    entries: [Entry; SIZE],
    epoch: usize,
    /// The heap's collection count when the cache last checked it.
    seen_collections: usize,
}

impl Default for AttrCache {
    fn default() -> Self {
        Self::new()
    }
}

impl AttrCache {
    pub fn new() -> AttrCache {
        AttrCache {
            entries: [Entry {
                ty: 0,
                name: 0,
                epoch: 0,
                found: None,
            }; SIZE],
            epoch: 1,
            seen_collections: 0,
        }
    }

    /// Forgets every entry if the heap has collected since the last call
    /// (`collections` is `Heap::collections`).
    #[inline(always)]
    pub fn sync(&mut self, collections: usize) {
        if collections != self.seen_collections {
            self.seen_collections = collections;
            self.invalidate();
        }
    }

    #[inline(always)]
    fn slot(ty: usize, name: usize) -> usize {
        let h = (ty >> 5) ^ (name >> 3) ^ (name >> 9);
        h & (SIZE - 1)
    }

    /// The cached result of looking `name` up on `t`: `Some(found)` on a hit.
    #[inline]
    pub fn get(&self, t: &TypeObj, name: Qstr) -> Option<Option<Found>> {
        let ty = t as *const TypeObj as usize;
        let e = &self.entries[Self::slot(ty, name.word())];
        (e.epoch == self.epoch && e.ty == ty && e.name == name.word()).then_some(e.found)
    }

    /// The current epoch, to pass to `put` after a lookup that may run code.
    #[inline]
    pub fn epoch(&self) -> usize {
        self.epoch
    }

    /// Records a lookup result computed during `epoch` (dropped if the
    /// cache was invalidated meanwhile).
    #[inline]
    pub fn put(&mut self, epoch: usize, t: &TypeObj, name: Qstr, found: Option<Found>) {
        if epoch != self.epoch {
            return;
        }
        let ty = t as *const TypeObj as usize;
        self.entries[Self::slot(ty, name.word())] = Entry {
            ty,
            name: name.word(),
            epoch,
            found,
        };
    }

    /// Forgets every entry.
    #[inline]
    pub fn invalidate(&mut self) {
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            // Wrapped: entries of epoch 0 would look current.
            let seen = self.seen_collections;
            *self = AttrCache::new();
            self.seen_collections = seen;
        }
    }
}
