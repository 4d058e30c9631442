//! The index of one Datanet version: its contributions' tokens and suffix arrays, and the
//! byte format it is stored in.
//!
//! ## Format (version 2)
//!
//! All integers little-endian; `hash` is 32 bytes.
//!
//! ```text
//! magic            8 bytes  "OLATTIDX"
//! format           u32      2
//! unicode          3 bytes  major, minor, update of the tokeniser's Unicode tables
//! datanet          u32
//! version          u32      the Datanet version indexed
//! merkle_root      hash     the version's Merkle root on chain
//! contributions    u32 n, then n × (id u64, content root hash, size_bytes u64, tokens u64)
//!                           in the version's acceptance order
//! vocabulary       u32 v, then v × (len u32, UTF-8 bytes): the distinct tokens in ascending
//!                           byte order; token id i+1 is entry i (0 is the separator)
//! shards           u32 s, then s × (contributions u32, len u64, text len × u32,
//!                           suffix array len × u32)
//! ```
//!
//! Shards take contributions in order, a new shard starting when the next contribution would
//! take the current one past [`SHARD_TOKENS`]. The index's name is the BLAKE2-256 hash of these
//! bytes ([`Index::hash`]).
//!
//! A file may start with up to three zero bytes before the magic: [`Index::write`] puts them
//! there so that every token array starts at a multiple of four bytes and [`Index::open`] can
//! read the arrays in place from a memory map. They are not part of the index or its hash.

use crate::{
	blake2_256,
	codec::{Reader, Writer},
	commits_to, parallel_map,
	suffix::{self, Shard, UNKNOWN},
	tokenize,
	tokens::Tokens,
	Error,
};
use std::collections::HashMap;

/// The first bytes of every index.
pub const MAGIC: &[u8; 8] = b"OLATTIDX";
/// The format version written and read.
pub const FORMAT: u32 = 2;
/// The size a shard grows to before the next one starts, in tokens (separators included).
pub const SHARD_TOKENS: usize = 1 << 22;
/// The largest shard the suffix array construction takes.
const MAX_SHARD_TOKENS: usize = i32::MAX as usize - 1;

/// What an index is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexMeta {
	/// The Datanet.
	pub datanet: u32,
	/// Its published version.
	pub version: u32,
	/// The version's Merkle root on chain.
	pub merkle_root: [u8; 32],
}

/// A contribution to index: its id on chain, its content hash there, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContributionText {
	/// The contribution's id on chain.
	pub id: u64,
	/// Its content hash on chain; the bytes must hash to it.
	pub content_hash: [u8; 32],
	/// The raw file.
	pub bytes: Vec<u8>,
}

/// A contribution as the index records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexedContribution {
	/// The contribution's id on chain.
	pub id: u64,
	/// Its content hash.
	pub content_hash: [u8; 32],
	/// Its size in bytes.
	pub size_bytes: u64,
	/// How many tokens it has.
	pub tokens: u64,
}

/// An index of one Datanet version, ready to query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
	/// What it is of.
	pub meta: IndexMeta,
	/// The Unicode version of the tokeniser that built it.
	pub unicode: (u8, u8, u8),
	/// The contributions, in the version's order.
	pub contributions: Vec<IndexedContribution>,
	/// The distinct tokens, sorted; token id `i + 1` is `vocabulary[i]`.
	pub vocabulary: Vec<String>,
	/// The shards, in contribution order.
	pub shards: Vec<Shard>,
	/// For each shard, the position in `contributions` of its first contribution.
	shard_first: Vec<usize>,
}

/// A fast, fixed (so deterministic) hasher for the vocabulary map. Only lookups use it: the
/// vocabulary's order comes from sorting, never from the map.
#[derive(Default)]
struct FxHasher(u64);

impl core::hash::Hasher for FxHasher {
	fn write(&mut self, bytes: &[u8]) {
		for chunk in bytes.chunks(8) {
			let mut word = [0u8; 8];
			word[..chunk.len()].copy_from_slice(chunk);
			self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
				.wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
		}
	}
	fn finish(&self) -> u64 {
		self.0
	}
}

type FxMap<K, V> = HashMap<K, V, core::hash::BuildHasherDefault<FxHasher>>;

/// Tokenises `texts` against a shared vocabulary, in parallel: each thread numbers the tokens
/// of its share of the texts as it first sees them, then all are renumbered by the tokens'
/// sorted order (rank + 1, keeping 0 for the separator), so no id depends on which thread saw a
/// token first.
fn tokenise_all(texts: &[&str]) -> (Vec<String>, Vec<Vec<u32>>) {
	let chunks = split_evenly(texts, rayon::current_num_threads());
	let local = parallel_map(&chunks, |chunk| tokenise_chunk(chunk));
	let mut vocabulary: Vec<&str> =
		local.iter().flat_map(|(seen, _)| seen.iter().copied()).collect();
	vocabulary.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
	vocabulary.dedup();
	let mut tokenised = Vec::with_capacity(texts.len());
	for (seen, texts) in local {
		let mut renumber = vec![0u32; seen.len() + 1];
		for (local_id, token) in seen.iter().enumerate() {
			let rank = vocabulary.binary_search_by(|v| v.as_bytes().cmp(token.as_bytes()));
			renumber[local_id + 1] = rank.map_or(0, |r| r as u32 + 1);
		}
		for mut tokens in texts {
			for t in tokens.iter_mut() {
				*t = renumber[*t as usize];
			}
			tokenised.push(tokens);
		}
	}
	(vocabulary.into_iter().map(str::to_owned).collect(), tokenised)
}

/// The tokens of `texts` numbered 1, 2, ... in order of first sight, and that order.
fn tokenise_chunk<'a>(texts: &[&'a str]) -> (Vec<&'a str>, Vec<Vec<u32>>) {
	let mut ids: FxMap<&str, u32> = FxMap::default();
	let mut seen: Vec<&str> = Vec::new();
	let tokenised = texts
		.iter()
		.map(|text| {
			let mut tokens = Vec::with_capacity(text.len() / 4);
			tokenize::for_each_token(text.as_bytes(), |start, end| {
				let token = &text[start..end];
				let id = *ids.entry(token).or_insert_with(|| {
					seen.push(token);
					seen.len() as u32
				});
				tokens.push(id);
			});
			tokens
		})
		.collect();
	(seen, tokenised)
}

/// `texts` cut into at most `parts` runs of about the same number of bytes, in order.
fn split_evenly<'t, 'a>(texts: &'t [&'a str], parts: usize) -> Vec<&'t [&'a str]> {
	let total: usize = texts.iter().map(|t| t.len()).sum();
	let target = total / parts.max(1) + 1;
	let (mut chunks, mut start, mut size) = (Vec::new(), 0, 0);
	for (i, text) in texts.iter().enumerate() {
		size += text.len();
		if size >= target {
			chunks.push(&texts[start..=i]);
			(start, size) = (i + 1, 0);
		}
	}
	if start < texts.len() {
		chunks.push(&texts[start..]);
	}
	chunks
}

/// Splits contributions of these token counts into shards: `(first, count)` each.
fn plan_shards(lengths: &[usize], shard_tokens: usize) -> Vec<(usize, usize)> {
	let mut shards = Vec::new();
	let (mut first, mut size) = (0, 0);
	for (i, &len) in lengths.iter().enumerate() {
		let slots = len + 1;
		if i > first && size + slots > shard_tokens {
			shards.push((first, i - first));
			(first, size) = (i, 0);
		}
		size += slots;
	}
	if first < lengths.len() {
		shards.push((first, lengths.len() - first));
	}
	shards
}

impl Index {
	/// Indexes `contributions` (in the version's order), checking each against its content
	/// hash. The suffix arrays are built on as many threads as the machine has; the result does
	/// not depend on how many.
	pub fn build(meta: IndexMeta, contributions: Vec<ContributionText>) -> Result<Index, Error> {
		Self::build_sharded(meta, contributions, SHARD_TOKENS)
	}

	/// [`Index::build`] with shards of `shard_tokens` instead of [`SHARD_TOKENS`]: for tests of
	/// the sharding, which would otherwise need a corpus of millions of tokens. The canonical
	/// bytes of a version are those of [`Index::build`].
	#[doc(hidden)]
	pub fn build_sharded(
		meta: IndexMeta,
		contributions: Vec<ContributionText>,
		shard_tokens: usize,
	) -> Result<Index, Error> {
		let mut ids = std::collections::BTreeSet::new();
		for c in &contributions {
			if !ids.insert(c.id) {
				return Err(Error::DuplicateContribution { id: c.id });
			}
		}
		let hashed = parallel_map(&contributions, |c| commits_to(&c.bytes, &c.content_hash));
		if let Some((c, _)) = contributions.iter().zip(&hashed).find(|(_, ok)| !**ok) {
			return Err(Error::HashMismatch { id: c.id });
		}
		let texts: Vec<std::borrow::Cow<str>> =
			contributions.iter().map(|c| String::from_utf8_lossy(&c.bytes)).collect();
		let texts: Vec<&str> = texts.iter().map(|t| t.as_ref()).collect();
		let (vocabulary, tokens) = tokenise_all(&texts);
		if let Some((c, _)) =
			contributions.iter().zip(&tokens).find(|(_, t)| t.len() >= MAX_SHARD_TOKENS)
		{
			return Err(Error::TooLarge { id: c.id });
		}
		let lengths: Vec<usize> = tokens.iter().map(Vec::len).collect();
		let plan = plan_shards(&lengths, shard_tokens);
		let vocab_size = vocabulary.len() as u32;
		let shards = parallel_map(&plan, |&(first, count)| {
			let refs: Vec<&[u32]> =
				tokens[first..first + count].iter().map(Vec::as_slice).collect();
			Shard::build(&refs, vocab_size)
		});
		let contributions = contributions
			.iter()
			.zip(&lengths)
			.map(|(c, &len)| IndexedContribution {
				id: c.id,
				content_hash: c.content_hash,
				size_bytes: c.bytes.len() as u64,
				tokens: len as u64,
			})
			.collect();
		Ok(Index {
			meta,
			unicode: tokenize::unicode_version(),
			contributions,
			vocabulary,
			shards,
			shard_first: plan.iter().map(|&(first, _)| first).collect(),
		})
	}

	/// The index in the format above.
	pub fn to_bytes(&self) -> Vec<u8> {
		self.encode().0
	}

	/// The index's bytes, and where its first token array starts in them (every array starts
	/// at that offset modulo 4: each is a whole number of `u32`s, and 12 bytes lie between).
	fn encode(&self) -> (Vec<u8>, usize) {
		let mut w = Writer::default();
		w.bytes(MAGIC);
		w.u32(FORMAT);
		w.bytes(&[self.unicode.0, self.unicode.1, self.unicode.2]);
		w.u32(self.meta.datanet);
		w.u32(self.meta.version);
		w.bytes(&self.meta.merkle_root);
		w.u32(self.contributions.len() as u32);
		for c in &self.contributions {
			w.u64(c.id);
			w.bytes(&c.content_hash);
			w.u64(c.size_bytes);
			w.u64(c.tokens);
		}
		w.u32(self.vocabulary.len() as u32);
		for token in &self.vocabulary {
			w.u32(token.len() as u32);
			w.bytes(token.as_bytes());
		}
		w.u32(self.shards.len() as u32);
		let arrays_at = w.0.len() + 12;
		for shard in &self.shards {
			w.u32(shard.starts.len() as u32);
			w.u64(shard.text.len() as u64);
			w.u32s(&shard.text);
			w.u32s(&shard.sa);
		}
		(w.0, arrays_at)
	}

	/// Reads an index written by [`Index::to_bytes`] (or [`Index::write`]), checking its
	/// structure: a corrupt or foreign file is an error, never a wrong answer or a crash.
	pub fn from_bytes(bytes: &[u8]) -> Result<Index, Error> {
		Self::parse(bytes, Verify::Everything, |r, len, what| r.u32s(len, what).map(Tokens::from))
	}

	/// Opens the index file at `path` memory-mapped: its token arrays are read in place, so a
	/// lineage larger than memory can be served, and opening costs one pass over the text (for
	/// the tables derived from it) instead of reading the file into memory. `verify` says how
	/// much of the file is checked ([`Verify`]).
	pub fn open(path: &std::path::Path, verify: Verify) -> Result<Index, Error> {
		let io = |e: std::io::Error| Error::Io(format!("{}: {e}", path.display()));
		let file = std::fs::File::open(path).map_err(io)?;
		// SAFETY: the map is read-only and index files are written whole and never changed in
		// place (`Index::write` renames a finished file over the old one). A file truncated by
		// someone else while mapped would fault, as a read of a vanished file fails.
		let map = std::sync::Arc::new(unsafe { memmap2::Mmap::map(&file) }.map_err(io)?);
		Self::parse(&map[..], verify, |r, len, what| {
			let bytes = usize::try_from(len)
				.ok()
				.and_then(|n| n.checked_mul(4))
				.ok_or_else(|| Error::Format(format!("impossible length in {what}")))?;
			let start = r.position();
			r.take(bytes, what)?;
			Tokens::in_map(&map, start, bytes / 4)
				.ok_or_else(|| Error::Format(format!("truncated in {what}")))
		})
	}

	/// Writes the index to `path` as [`Index::to_bytes`] does, after up to three zero bytes
	/// that align its token arrays to four bytes, so that [`Index::open`] maps them in place
	/// (the padding is not part of the index or its hash). The file appears whole or not at
	/// all: it is written beside `path` and renamed.
	pub fn write(&self, path: &std::path::Path) -> Result<(), Error> {
		let (bytes, arrays_at) = self.encode();
		let mut padded = vec![0u8; (4 - arrays_at % 4) % 4];
		padded.extend_from_slice(&bytes);
		let partial = path.with_extension("partial");
		std::fs::write(&partial, &padded)
			.and_then(|()| std::fs::rename(&partial, path))
			.map_err(|e| Error::Io(format!("{}: {e}", path.display())))
	}

	/// Reads the format, taking each token array with `array`.
	fn parse(
		bytes: &[u8],
		verify: Verify,
		mut array: impl FnMut(&mut Reader, u64, &str) -> Result<Tokens, Error>,
	) -> Result<Index, Error> {
		// Alignment padding before the magic (`Index::write`).
		let padding = bytes.iter().take(3).take_while(|&&b| b == 0).count();
		let mut r = Reader::new(bytes);
		r.take(padding, "padding")?;
		if r.take(8, "magic")? != MAGIC {
			return Err(Error::Format("not an OpenLedger attribution index".into()));
		}
		let format = r.u32("format")?;
		if format != FORMAT {
			return Err(Error::Format(format!("format {format}, this tool reads {FORMAT}")));
		}
		let u = r.take(3, "unicode")?;
		let unicode = (u[0], u[1], u[2]);
		if unicode != tokenize::unicode_version() {
			return Err(Error::UnicodeMismatch {
				index: unicode,
				this_build: tokenize::unicode_version(),
			});
		}
		let meta = IndexMeta {
			datanet: r.u32("datanet")?,
			version: r.u32("version")?,
			merkle_root: r.hash("merkle root")?,
		};
		let n = r.count(56, "contributions")?;
		let mut contributions = Vec::with_capacity(n);
		for _ in 0..n {
			contributions.push(IndexedContribution {
				id: r.u64("contribution id")?,
				content_hash: r.hash("content hash")?,
				size_bytes: r.u64("size")?,
				tokens: r.u64("token count")?,
			});
		}
		let v = r.count(4, "vocabulary")?;
		let mut vocabulary = Vec::with_capacity(v);
		for _ in 0..v {
			let len = r.u32("token length")? as usize;
			let token = std::str::from_utf8(r.take(len, "token")?)
				.map_err(|_| Error::Format("a token is not UTF-8".into()))?;
			if vocabulary
				.last()
				.is_some_and(|last: &String| last.as_bytes() >= token.as_bytes())
			{
				return Err(Error::Format("vocabulary not in ascending order".into()));
			}
			vocabulary.push(token.to_owned());
		}
		let s = r.count(12, "shards")?;
		let (mut shards, mut shard_first, mut next) = (Vec::with_capacity(s), Vec::new(), 0usize);
		for _ in 0..s {
			let count = r.u32("shard contributions")? as usize;
			let len = r.u64("shard length")?;
			let text = array(&mut r, len, "shard text")?;
			let sa = array(&mut r, len, "suffix array")?;
			let shard = Shard::new(text, sa, v as u32);
			check_shard(&shard, count, &contributions[next.min(n)..], v, verify)?;
			shard_first.push(next);
			next += count;
			shards.push(shard);
		}
		if next != n {
			return Err(Error::Format("shards do not cover the contributions".into()));
		}
		r.finish()?;
		Ok(Index { meta, unicode, contributions, vocabulary, shards, shard_first })
	}

	/// The index's name: the BLAKE2-256 hash of its bytes.
	pub fn hash(&self) -> [u8; 32] {
		blake2_256(&self.to_bytes())
	}

	/// How many tokens the index holds (separators not counted).
	pub fn token_count(&self) -> u64 {
		self.contributions.iter().map(|c| c.tokens).sum()
	}

	/// The token ids of `tokens` in this index's vocabulary; unknown tokens get
	/// [`suffix::UNKNOWN`], which matches nothing.
	pub fn token_ids<'a>(&self, tokens: impl Iterator<Item = &'a str>) -> Vec<u32> {
		tokens
			.map(|t| {
				self.vocabulary
					.binary_search_by(|v| v.as_bytes().cmp(t.as_bytes()))
					.map_or(UNKNOWN, |i| i as u32 + 1)
			})
			.collect()
	}

	/// The ids of the contributions `pattern` (token ids) occurs in, ascending.
	pub fn contributions_containing(&self, pattern: &[u32]) -> Vec<u64> {
		let mut ids: Vec<u64> = self
			.shards
			.iter()
			.zip(&self.shard_first)
			.flat_map(|(shard, &first)| {
				shard
					.contributions_containing(pattern)
					.into_iter()
					.map(move |i| self.contributions[first + i].id)
			})
			.collect();
		ids.sort_unstable();
		ids.dedup();
		ids
	}
}

/// How much of an index file [`Index::open`] checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verify {
	/// Everything [`Index::from_bytes`] checks: the structure, and that each suffix array is a
	/// sorted permutation of its text's positions (a pass in suffix order over the text, which
	/// on a lineage of gigabytes takes a minute).
	Everything,
	/// The structure only (the header, the contributions' token counts, the tokens within the
	/// vocabulary, the arrays' lengths): for an index this program built and wrote itself.
	Structure,
}

/// A shard read from a file must be what [`Shard::build`] would have made of its
/// contributions' token counts: the queries rely on it.
fn check_shard(
	shard: &Shard,
	count: usize,
	rest: &[IndexedContribution],
	vocabulary: usize,
	verify: Verify,
) -> Result<(), Error> {
	let bad = |what: &str| Err(Error::Format(format!("shard {what}")));
	if count == 0 || count > rest.len() || shard.starts.len() != count {
		return bad("contribution count does not match its text");
	}
	for (i, c) in rest[..count].iter().enumerate() {
		let end = shard.starts.get(i + 1).map_or(shard.text.len(), |&s| s as usize);
		if end as u64 != u64::from(shard.starts[i]).saturating_add(c.tokens).saturating_add(1) {
			return bad("token counts do not match its text");
		}
	}
	if shard.text.last() != Some(&suffix::SEPARATOR) ||
		shard.text.iter().any(|&t| t as usize > vocabulary)
	{
		return bad("text holds tokens outside the vocabulary");
	}
	if shard.sa.len() != shard.text.len() {
		return bad("suffix array is not as long as its text");
	}
	if verify == Verify::Structure {
		return Ok(());
	}
	// A permutation of the positions; its order is checked where it is cheap (neighbours).
	let mut seen = vec![false; shard.text.len()];
	for &p in shard.sa.iter() {
		match seen.get_mut(p as usize) {
			Some(slot) if !*slot => *slot = true,
			_ => return bad("suffix array is not a permutation"),
		}
	}
	let sorted = shard.sa.windows(2).all(|w| {
		let (a, b) = (w[0] as usize, w[1] as usize);
		let (x, y) = (&shard.text[a..], &shard.text[b..]);
		// Comparing the first differing token is enough; cap the work per pair.
		let differ = x.iter().zip(y).take(64).position(|(p, q)| p != q);
		differ.is_none_or(|i| x[i] < y[i])
	});
	if !sorted {
		return bad("suffix array is not sorted");
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::content_root;

	fn text(id: u64, s: &str) -> ContributionText {
		ContributionText {
			id,
			content_hash: content_root(s.as_bytes()),
			bytes: s.as_bytes().to_vec(),
		}
	}

	const META: IndexMeta = IndexMeta { datanet: 3, version: 2, merkle_root: [7; 32] };

	#[test]
	fn round_trips_through_bytes() {
		let index =
			Index::build(META, vec![text(4, "b a c"), text(9, ""), text(2, "a, b!")]).unwrap();
		assert_eq!(index.vocabulary, ["!", ",", "a", "b", "c"]);
		let back = Index::from_bytes(&index.to_bytes()).unwrap();
		assert_eq!(back, index);
		assert_eq!(back.hash(), index.hash());
	}

	#[test]
	fn a_written_index_opens_mapped_and_equal() {
		let dir = std::env::temp_dir().join(format!("olidx-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		let index =
			Index::build_sharded(META, vec![text(4, "b a c"), text(2, "a, b!"), text(5, "c c")], 6)
				.unwrap();
		assert!(index.shards.len() > 1);
		let path = dir.join("padded.idx");
		index.write(&path).unwrap();
		for verify in [Verify::Everything, Verify::Structure] {
			let opened = Index::open(&path, verify).unwrap();
			assert_eq!(opened, index);
			assert_eq!(opened.hash(), index.hash(), "the padding is not part of the index");
			assert!(opened.shards.iter().all(|s| s.text.is_mapped() && s.sa.is_mapped()));
			assert_eq!(
				opened.contributions_containing(&index.token_ids(["a", "b"].into_iter())),
				vec![]
			);
			assert_eq!(
				opened.contributions_containing(&index.token_ids(["b", "a"].into_iter())),
				vec![4]
			);
		}
		// `to_bytes` without padding opens too (the arrays copied where they are not aligned),
		// and from_bytes reads the padded file.
		let plain = dir.join("plain.idx");
		std::fs::write(&plain, index.to_bytes()).unwrap();
		assert_eq!(Index::open(&plain, Verify::Everything).unwrap(), index);
		assert_eq!(Index::from_bytes(&std::fs::read(&path).unwrap()).unwrap(), index);
		// A truncated or missing file is an error.
		let bytes = std::fs::read(&path).unwrap();
		std::fs::write(&plain, &bytes[..bytes.len() - 1]).unwrap();
		assert!(matches!(Index::open(&plain, Verify::Structure), Err(Error::Format(_))));
		assert!(matches!(Index::open(&dir.join("none"), Verify::Structure), Err(Error::Io(_))));
		std::fs::remove_dir_all(&dir).unwrap();
	}

	#[test]
	fn refuses_bytes_that_do_not_match_their_hash_and_repeated_ids() {
		let mut bad = text(1, "hello");
		bad.bytes.push(b'!');
		assert_eq!(Index::build(META, vec![bad]), Err(Error::HashMismatch { id: 1 }));
		assert_eq!(
			Index::build(META, vec![text(1, "a"), text(1, "b")]),
			Err(Error::DuplicateContribution { id: 1 })
		);
	}

	#[test]
	fn a_large_file_matches_its_content_root_or_the_plain_hash_it_had_before() {
		let large = "word ".repeat(500);
		let with = |content_hash| ContributionText {
			id: 1,
			content_hash,
			bytes: large.as_bytes().to_vec(),
		};
		assert_ne!(content_root(large.as_bytes()), blake2_256(large.as_bytes()));
		assert!(Index::build(META, vec![with(content_root(large.as_bytes()))]).is_ok());
		assert!(Index::build(META, vec![with(blake2_256(large.as_bytes()))]).is_ok());
		assert_eq!(Index::build(META, vec![with([1; 32])]), Err(Error::HashMismatch { id: 1 }));
	}

	#[test]
	fn every_corruption_is_a_format_error_not_a_crash() {
		let bytes = Index::build(META, vec![text(1, "a b c a b"), text(2, "c a")])
			.unwrap()
			.to_bytes();
		// Every truncation and every single-byte change fails or reads back a different but
		// valid index; none panics.
		for cut in 0..bytes.len() {
			assert!(Index::from_bytes(&bytes[..cut]).is_err(), "truncated at {cut}");
		}
		for at in 0..bytes.len() {
			let mut changed = bytes.clone();
			changed[at] ^= 0x5a;
			let _ = Index::from_bytes(&changed);
		}
		let mut longer = bytes.clone();
		longer.push(0);
		assert!(matches!(Index::from_bytes(&longer), Err(Error::Format(_))));
	}

	#[test]
	fn shards_split_at_contribution_boundaries() {
		let big = SHARD_TOKENS / 2;
		assert_eq!(plan_shards(&[big, big, 1, big], SHARD_TOKENS), vec![(0, 1), (1, 2), (3, 1)]);
		assert_eq!(plan_shards(&[SHARD_TOKENS * 2, 1], SHARD_TOKENS), vec![(0, 1), (1, 1)]);
		assert_eq!(plan_shards(&[], SHARD_TOKENS), vec![]);
	}
}
