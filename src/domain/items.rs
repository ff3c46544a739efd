//! `Items`: the list a step's items live in. A persistent vector (`imbl::Vector`): copying a
//! whole session for a save shares every item with the open one, so taking the save's copy
//! costs the same at a hundred items or a hundred thousand, and a change after it copies only
//! the few nodes on its path (issue 16). It reads like a `Vec`.

use serde::{Deserialize, Serialize};
use std::ops::{Deref, DerefMut};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Items<T: Clone>(imbl::Vector<T>);

impl<T: Clone> Default for Items<T> {
    fn default() -> Items<T> {
        Items(imbl::Vector::new())
    }
}

impl<T: Clone> Items<T> {
    pub fn new() -> Items<T> {
        Items::default()
    }

    /// The items in order, a leaf of the tree at a time: as fast as a `Vec`'s, where the
    /// vector's own iterator looks each item up from the root.
    pub fn iter(&self) -> Iter<'_, T> {
        self.0.leaves().flatten()
    }

    /// Adds `item` at the end (anything that makes one: a step's own layout makes an `Item`).
    pub fn push(&mut self, item: impl Into<T>) {
        self.0.push_back(item.into());
    }

    /// Keeps the first `len` items (an inherent method, so `items.truncate(items.len() - 1)`
    /// borrows as it does on a `Vec`).
    pub fn truncate(&mut self, len: usize) {
        self.0.truncate(len);
    }

    pub fn first(&self) -> Option<&T> {
        self.0.front()
    }

    pub fn last(&self) -> Option<&T> {
        self.0.back()
    }

    /// The items as a `Vec` (a copy).
    pub fn to_vec(&self) -> Vec<T> {
        self.iter().cloned().collect()
    }
}

impl<T: Clone> Deref for Items<T> {
    type Target = imbl::Vector<T>;
    fn deref(&self) -> &imbl::Vector<T> {
        &self.0
    }
}

impl<T: Clone> DerefMut for Items<T> {
    fn deref_mut(&mut self) -> &mut imbl::Vector<T> {
        &mut self.0
    }
}

impl<T: Clone, U: Into<T>> From<Vec<U>> for Items<T> {
    fn from(items: Vec<U>) -> Items<T> {
        Items(items.into_iter().map(Into::into).collect())
    }
}

impl<T: Clone, U: Into<T>> FromIterator<U> for Items<T> {
    fn from_iter<I: IntoIterator<Item = U>>(iter: I) -> Items<T> {
        Items(iter.into_iter().map(Into::into).collect())
    }
}

impl<T: Clone, U: Into<T>> Extend<U> for Items<T> {
    fn extend<I: IntoIterator<Item = U>>(&mut self, iter: I) {
        self.0.extend(iter.into_iter().map(Into::into));
    }
}

/// `Items::iter`.
pub type Iter<'a, T> =
    std::iter::Flatten<imbl::vector::Chunks<'a, T, imbl::shared_ptr::DefaultSharedPtr>>;

impl<'a, T: Clone> IntoIterator for &'a Items<T> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a, T: Clone> IntoIterator for &'a mut Items<T> {
    type Item = &'a mut T;
    type IntoIter = imbl::vector::IterMut<'a, T, imbl::shared_ptr::DefaultSharedPtr>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter_mut()
    }
}

impl<T: Clone> IntoIterator for Items<T> {
    type Item = T;
    type IntoIter = imbl::vector::ConsumingIter<T, imbl::shared_ptr::DefaultSharedPtr>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<T: Clone + PartialEq> PartialEq<Vec<T>> for Items<T> {
    fn eq(&self, other: &Vec<T>) -> bool {
        self.0.len() == other.len() && self.iter().zip(other).all(|(a, b)| a == b)
    }
}

/// What editing needs of any list a session keeps, whether `Items` or a `Vec` (participants,
/// agreements), so one function edits either.
pub trait List<T> {
    fn item_count(&self) -> usize;
    fn item(&self, index: usize) -> Option<&T>;
    fn item_mut(&mut self, index: usize) -> Option<&mut T>;
    fn insert_item(&mut self, index: usize, item: T);
    fn remove_item(&mut self, index: usize) -> T;
    fn push_item(&mut self, item: T);
}

impl<T: Clone> List<T> for Items<T> {
    fn item_count(&self) -> usize {
        self.0.len()
    }
    fn item(&self, index: usize) -> Option<&T> {
        self.0.get(index)
    }
    fn item_mut(&mut self, index: usize) -> Option<&mut T> {
        self.0.get_mut(index)
    }
    fn insert_item(&mut self, index: usize, item: T) {
        self.0.insert(index, item);
    }
    fn remove_item(&mut self, index: usize) -> T {
        self.0.remove(index)
    }
    fn push_item(&mut self, item: T) {
        self.0.push_back(item);
    }
}

impl<T> List<T> for Vec<T> {
    fn item_count(&self) -> usize {
        self.len()
    }
    fn item(&self, index: usize) -> Option<&T> {
        self.get(index)
    }
    fn item_mut(&mut self, index: usize) -> Option<&mut T> {
        self.get_mut(index)
    }
    fn insert_item(&mut self, index: usize, item: T) {
        self.insert(index, item);
    }
    fn remove_item(&mut self, index: usize) -> T {
        self.remove(index)
    }
    fn push_item(&mut self, item: T) {
        self.push(item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_shares_its_items_and_a_change_after_it_is_its_own() {
        let mut items: Items<String> = (0..10_000).map(|i| i.to_string()).collect();
        let copy = items.clone();
        items[5] = "changed".into();
        items.push("new");
        assert_eq!((copy[5].as_str(), copy.len()), ("5", 10_000));
        assert_eq!((items[5].as_str(), items.len()), ("changed", 10_001));
        assert_eq!(items.last().map(String::as_str), Some("new"));
        let text = ron::to_string(&Items::<i32>::from(vec![1, 2])).unwrap();
        assert_eq!(text, "[1,2]");
        assert_eq!(ron::from_str::<Items<u8>>("[1, 2]").unwrap(), vec![1, 2]);
    }

    /// Found by a mutation run: no test of the library asked for a list's first item.
    #[test]
    fn first_and_last_are_the_ends_of_the_list() {
        let items: Items<u8> = Items::from(vec![4, 5, 6]);
        assert_eq!((items.first(), items.last()), (Some(&4), Some(&6)));
        let empty: Items<u8> = Items::new();
        assert_eq!((empty.first(), empty.last()), (None, None));
    }

    /// Found by a mutation run: only other test binaries (undo, merge fuzzing) cut a list.
    #[test]
    fn truncate_keeps_the_first_items_and_borrows_as_a_vec_does() {
        let mut items: Items<u8> = Items::from(vec![1, 2, 3]);
        items.truncate(items.len() - 1);
        assert_eq!(items.to_vec(), [1, 2]);
        items.truncate(5);
        assert_eq!(items.to_vec(), [1, 2]);
    }

    /// Found by a mutation run (shard 41): `Items == Vec` made always true went unnoticed,
    /// and every test that compares a step's items with a `vec!` would then pass whatever
    /// the items were.
    #[test]
    fn a_list_equals_a_vec_only_with_the_same_items_in_the_same_order() {
        let items: Items<u8> = Items::from(vec![1, 2, 3]);
        assert!(items == vec![1, 2, 3]);
        assert!(items != vec![1, 2]);
        assert!(items != vec![1, 2, 3, 4]);
        assert!(items != vec![3, 2, 1]);
        assert!(Items::<u8>::new() == Vec::new());
    }
}
