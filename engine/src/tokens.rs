//! The token arrays of an index shard (its text and suffix array), held in memory or read in
//! place from a memory-mapped index file, so that a lineage larger than memory can be served:
//! the operating system pages in the parts that queries touch.

use memmap2::Mmap;
use std::{ops::Deref, sync::Arc};

/// A shard's `u32` array: owned, or a range of a mapped index file.
#[derive(Clone)]
pub enum Tokens {
	/// In memory.
	Owned(Vec<u32>),
	/// `len` little-endian `u32`s from byte `start` of a mapped file, 4-byte aligned.
	Mapped {
		/// The file.
		map: Arc<Mmap>,
		/// The array's first byte.
		start: usize,
		/// How many `u32`s.
		len: usize,
	},
}

impl Tokens {
	/// `len` `u32`s at byte `start` of `map`, in place if they are aligned and the machine is
	/// little-endian (as the file is), else copied; `None` if the range is outside the map.
	pub fn in_map(map: &Arc<Mmap>, start: usize, len: usize) -> Option<Tokens> {
		let bytes = map.get(start..start.checked_add(len.checked_mul(4)?)?)?;
		if cfg!(target_endian = "little") && bytemuck::try_cast_slice::<u8, u32>(bytes).is_ok() {
			return Some(Tokens::Mapped { map: map.clone(), start, len });
		}
		let copied = bytes
			.chunks_exact(4)
			.map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
			.collect();
		Some(Tokens::Owned(copied))
	}

	/// Whether the array is read in place from a mapped file.
	pub fn is_mapped(&self) -> bool {
		matches!(self, Tokens::Mapped { .. })
	}
}

impl Deref for Tokens {
	type Target = [u32];

	fn deref(&self) -> &[u32] {
		match self {
			Tokens::Owned(tokens) => tokens,
			// `in_map` checked the range and the alignment; the map never changes.
			Tokens::Mapped { map, start, len } => map
				.get(*start..*start + *len * 4)
				.and_then(|bytes| bytemuck::try_cast_slice(bytes).ok())
				.unwrap_or_default(),
		}
	}
}

impl From<Vec<u32>> for Tokens {
	fn from(tokens: Vec<u32>) -> Tokens {
		Tokens::Owned(tokens)
	}
}

impl PartialEq for Tokens {
	fn eq(&self, other: &Tokens) -> bool {
		**self == **other
	}
}

impl Eq for Tokens {}

impl core::fmt::Debug for Tokens {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		let how = if self.is_mapped() { "mapped" } else { "owned" };
		write!(f, "Tokens({} {how})", self.len())
	}
}
