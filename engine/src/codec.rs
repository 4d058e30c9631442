//! Little-endian writing and bounds-checked reading of the index format.

use crate::Error;

/// Appends little-endian integers and length-prefixed byte strings.
#[derive(Default)]
pub(crate) struct Writer(pub(crate) Vec<u8>);

impl Writer {
	pub(crate) fn u32(&mut self, v: u32) {
		self.0.extend_from_slice(&v.to_le_bytes());
	}
	pub(crate) fn u64(&mut self, v: u64) {
		self.0.extend_from_slice(&v.to_le_bytes());
	}
	pub(crate) fn bytes(&mut self, v: &[u8]) {
		self.0.extend_from_slice(v);
	}
	pub(crate) fn u32s(&mut self, v: &[u32]) {
		self.0.reserve(v.len() * 4);
		for x in v {
			self.u32(*x);
		}
	}
}

/// Reads what [`Writer`] wrote, failing with [`Error::Format`] instead of reading past the end.
pub(crate) struct Reader<'a> {
	bytes: &'a [u8],
	at: usize,
}

impl<'a> Reader<'a> {
	pub(crate) fn new(bytes: &'a [u8]) -> Self {
		Self { bytes, at: 0 }
	}
	/// How many bytes have been read.
	pub(crate) fn position(&self) -> usize {
		self.at
	}
	pub(crate) fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], Error> {
		let end = self.at.checked_add(n).filter(|end| *end <= self.bytes.len());
		let end = end.ok_or_else(|| Error::Format(format!("truncated in {what}")))?;
		let out = &self.bytes[self.at..end];
		self.at = end;
		Ok(out)
	}
	pub(crate) fn u32(&mut self, what: &str) -> Result<u32, Error> {
		let b = self.take(4, what)?;
		Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
	}
	pub(crate) fn u64(&mut self, what: &str) -> Result<u64, Error> {
		let b = self.take(8, what)?;
		let mut a = [0u8; 8];
		a.copy_from_slice(b);
		Ok(u64::from_le_bytes(a))
	}
	pub(crate) fn hash(&mut self, what: &str) -> Result<[u8; 32], Error> {
		let mut a = [0u8; 32];
		a.copy_from_slice(self.take(32, what)?);
		Ok(a)
	}
	/// `n` u32s; `n` is checked against the bytes left before anything is allocated.
	pub(crate) fn u32s(&mut self, n: u64, what: &str) -> Result<Vec<u32>, Error> {
		let len = usize::try_from(n)
			.ok()
			.and_then(|n| n.checked_mul(4))
			.ok_or_else(|| Error::Format(format!("impossible length in {what}")))?;
		let bytes = self.take(len, what)?;
		Ok(bytes
			.chunks_exact(4)
			.map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
			.collect())
	}
	/// A count of items of at least `min_item_bytes` each, refused if the bytes left cannot
	/// hold that many (so a corrupt count cannot make us allocate without bound).
	pub(crate) fn count(&mut self, min_item_bytes: usize, what: &str) -> Result<usize, Error> {
		let n = self.u32(what)? as usize;
		if n.saturating_mul(min_item_bytes) > self.bytes.len() - self.at {
			return Err(Error::Format(format!("count {n} larger than the file in {what}")));
		}
		Ok(n)
	}
	pub(crate) fn finish(&self) -> Result<(), Error> {
		if self.at == self.bytes.len() {
			Ok(())
		} else {
			Err(Error::Format(format!("{} trailing bytes", self.bytes.len() - self.at)))
		}
	}
}
