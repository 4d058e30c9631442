//! Suffix arrays over token ids, and the two queries attribution needs from them.
//!
//! A shard's text is its contributions' token ids one after the other, each followed by the
//! separator [`SEPARATOR`] (0; real tokens are 1 and up). A query pattern never contains the
//! separator, so no match can run from one contribution into the next. The suffix array lists
//! every position of the text in the lexicographic order of the suffix starting there; it is
//! unique for a given text, so any correct construction gives the same bytes.

use crate::tokens::Tokens;
use core::{cmp::Ordering, ops::Range};

/// The token id that ends every contribution in a shard's text.
pub const SEPARATOR: u32 = 0;

/// A pattern token that occurs nowhere (a word the index has never seen).
pub const UNKNOWN: u32 = u32::MAX;

/// One shard: a run of contributions, their tokens and the suffix array over them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shard {
	/// Token ids, each contribution followed by [`SEPARATOR`].
	pub text: Tokens,
	/// The positions of `text` in suffix order.
	pub sa: Tokens,
	/// Where each contribution of the shard starts in `text` (derived from `text`).
	pub starts: Vec<u32>,
	/// `buckets[t]..buckets[t + 1]` is the range of the suffixes that start with token `t`
	/// (derived from `text`): the first step of every search, without a search.
	pub buckets: Vec<u32>,
}

impl Shard {
	/// The shard of `contributions` (token ids, all at least 1). Each contribution needs one
	/// more slot than its length; the caller keeps the total below `i32::MAX`.
	pub fn build(contributions: &[&[u32]], vocabulary: u32) -> Shard {
		let len: usize = contributions.iter().map(|c| c.len() + 1).sum();
		let mut text = Vec::with_capacity(len);
		for tokens in contributions {
			text.extend_from_slice(tokens);
			text.push(SEPARATOR);
		}
		let sa = suffix_array(&text, vocabulary);
		Shard::new(text.into(), sa.into(), vocabulary)
	}

	/// A shard of `text` and its suffix array `sa`, with the tables derived from them.
	pub fn new(text: Tokens, sa: Tokens, vocabulary: u32) -> Shard {
		let mut buckets = vec![0u32; vocabulary as usize + 2];
		for &t in text.iter() {
			if let Some(count) = buckets.get_mut(t as usize + 1) {
				*count += 1;
			}
		}
		for t in 1..buckets.len() {
			buckets[t] += buckets[t - 1];
		}
		Shard { starts: starts_of(&text), buckets, text, sa }
	}

	/// The range of the suffixes that start with `token`.
	fn bucket(&self, token: u32) -> Range<usize> {
		match (self.buckets.get(token as usize), self.buckets.get(token as usize + 1)) {
			(Some(&start), Some(&end)) => start as usize..end as usize,
			_ => 0..0,
		}
	}

	/// The token at `offset` into the suffix at `pos`; past the end reads as a separator.
	fn token(&self, pos: u32, offset: usize) -> u32 {
		self.text.get(pos as usize + offset).copied().unwrap_or(SEPARATOR)
	}

	/// How the suffix at `pos`, cut to `pattern.len()` tokens, compares with `pattern`.
	fn compare(&self, pos: u32, pattern: &[u32]) -> Ordering {
		let suffix = self.text.get(pos as usize..).unwrap_or(&[]);
		for (i, want) in pattern.iter().enumerate() {
			match suffix.get(i).copied().unwrap_or(SEPARATOR).cmp(want) {
				Ordering::Equal => continue,
				other => return other,
			}
		}
		Ordering::Equal
	}

	/// The suffix-array range of the suffixes that start with `pattern` (empty if it occurs
	/// nowhere; everything if `pattern` is empty).
	pub fn range_of(&self, pattern: &[u32]) -> Range<usize> {
		let Some((&first, rest)) = pattern.split_first() else { return 0..self.sa.len() };
		// Inside the first token's bucket every suffix starts with it: compare the rest.
		let range = self.bucket(first);
		let slice = &self.sa[range.clone()];
		let start = slice.partition_point(|&p| self.compare(p + 1, rest) == Ordering::Less);
		let len = slice[start..].partition_point(|&p| self.compare(p + 1, rest) == Ordering::Equal);
		range.start + start..range.start + start + len
	}

	/// Inside `range`, whose suffixes share their first `depth` tokens, the sub-range whose
	/// next token is `token`.
	fn narrow(&self, range: Range<usize>, depth: usize, token: u32) -> Range<usize> {
		let slice = &self.sa[range.clone()];
		let start = slice.partition_point(|&p| self.token(p, depth) < token);
		let len = slice[start..].partition_point(|&p| self.token(p, depth) == token);
		range.start + start..range.start + start + len
	}

	/// The length of the longest prefix of `pattern` that occurs in this shard if it is at
	/// least `min` tokens, else 0; knowing that its first `known` tokens occur (pass 0 when
	/// nothing is known). Matches shorter than `min` cost one search to rule out.
	pub fn longest_match(&self, pattern: &[u32], known: usize, min: usize) -> usize {
		if pattern.len() < min.max(1) {
			return 0;
		}
		let start = known.max(min).clamp(1, pattern.len());
		let mut range = self.range_of(&pattern[..start]);
		if range.is_empty() {
			if known > 1 && known > min {
				// `known` was wrong: search from scratch rather than trust it.
				return self.longest_match(pattern, 0, min);
			}
			return 0;
		}
		let mut len = start;
		while let Some(&token) = pattern.get(len) {
			let next = self.narrow(range, len, token);
			if next.is_empty() {
				break;
			}
			range = next;
			len += 1;
		}
		len
	}

	/// The contributions (their positions in this shard) in which `pattern` occurs, each once,
	/// in order.
	pub fn contributions_containing(&self, pattern: &[u32]) -> Vec<usize> {
		let mut found: Vec<usize> = self.sa[self.range_of(pattern)]
			.iter()
			.map(|&pos| self.starts.partition_point(|&s| s <= pos) - 1)
			.collect();
		found.sort_unstable();
		found.dedup();
		found
	}
}

/// The suffix array of `s`, whose values are at most `upper`, by SA-IS (Nong, Zhang and Chan,
/// 2009) as the AtCoder Library writes it (CC0), on `u32` to halve its memory traffic. Linear
/// time; `s` must be shorter than `u32::MAX`.
pub fn suffix_array(s: &[u32], upper: u32) -> Vec<u32> {
	let n = s.len();
	if n < 40 {
		let mut sa: Vec<u32> = (0..n as u32).collect();
		sa.sort_by(|&a, &b| s[a as usize..].cmp(&s[b as usize..]));
		return sa;
	}
	let upper = upper as usize;
	// ls[i]: the suffix at i is smaller than the one at i + 1 (an S-type position).
	let mut ls = vec![false; n];
	for i in (0..n - 1).rev() {
		ls[i] = if s[i] == s[i + 1] { ls[i + 1] } else { s[i] < s[i + 1] };
	}
	// Bucket starts: sum_l[c] for the L-type suffixes starting with c, sum_s[c] for S-type.
	let mut sum_l = vec![0u32; upper + 2];
	let mut sum_s = vec![0u32; upper + 2];
	for i in 0..n {
		if ls[i] {
			sum_l[s[i] as usize + 1] += 1;
		} else {
			sum_s[s[i] as usize] += 1;
		}
	}
	for c in 0..=upper {
		sum_s[c] += sum_l[c];
		sum_l[c + 1] += sum_s[c];
	}

	// Induced sorting from the LMS positions `lms`; entries are positions + 1, 0 meaning empty.
	let induce = |sa: &mut [u32], lms: &[u32]| {
		sa.fill(0);
		let mut buf = sum_s.clone();
		for &d in lms {
			if d as usize == n {
				continue;
			}
			let slot = &mut buf[s[d as usize] as usize];
			sa[*slot as usize] = d + 1;
			*slot += 1;
		}
		buf.copy_from_slice(&sum_l);
		let slot = &mut buf[s[n - 1] as usize];
		sa[*slot as usize] = n as u32;
		*slot += 1;
		for i in 0..n {
			let v = sa[i] as usize;
			if v >= 2 && !ls[v - 2] {
				let slot = &mut buf[s[v - 2] as usize];
				sa[*slot as usize] = v as u32 - 1;
				*slot += 1;
			}
		}
		buf.copy_from_slice(&sum_l);
		for i in (0..n).rev() {
			let v = sa[i] as usize;
			if v >= 2 && ls[v - 2] {
				let slot = &mut buf[s[v - 2] as usize + 1];
				*slot -= 1;
				sa[*slot as usize] = v as u32 - 1;
			}
		}
	};

	// The LMS positions (an S-type position after an L-type one), numbered from 1.
	let mut lms_map = vec![0u32; n + 1];
	let mut lms = Vec::new();
	for i in 1..n {
		if !ls[i - 1] && ls[i] {
			lms.push(i as u32);
			lms_map[i] = lms.len() as u32;
		}
	}
	let m = lms.len();
	let mut sa = vec![0u32; n];
	induce(&mut sa, &lms);

	if m > 0 {
		// Name the LMS substrings in their induced order, then sort them recursively.
		let mut sorted_lms: Vec<u32> = sa
			.iter()
			.map(|&v| v.wrapping_sub(1))
			.filter(|&p| lms_map[p as usize] != 0)
			.collect();
		let mut rec_s = vec![0u32; m];
		let mut rec_upper = 0u32;
		rec_s[lms_map[sorted_lms[0] as usize] as usize - 1] = 0;
		let end_of = |p: usize| {
			let k = lms_map[p] as usize;
			if k < m {
				lms[k] as usize
			} else {
				n
			}
		};
		for i in 1..m {
			let (mut l, mut r) = (sorted_lms[i - 1] as usize, sorted_lms[i] as usize);
			let (end_l, end_r) = (end_of(l), end_of(r));
			let same = if end_l - l != end_r - r {
				false
			} else {
				while l < end_l && s[l] == s[r] {
					l += 1;
					r += 1;
				}
				l != n && s[l] == s[r]
			};
			if !same {
				rec_upper += 1;
			}
			rec_s[lms_map[sorted_lms[i] as usize] as usize - 1] = rec_upper;
		}
		let rec_sa = suffix_array(&rec_s, rec_upper);
		for (slot, &r) in sorted_lms.iter_mut().zip(&rec_sa) {
			*slot = lms[r as usize];
		}
		induce(&mut sa, &sorted_lms);
	}
	for v in sa.iter_mut() {
		*v -= 1;
	}
	sa
}

/// Where each contribution starts in a shard's `text`: at 0 and after every separator but the
/// last.
pub fn starts_of(text: &[u32]) -> Vec<u32> {
	let mut starts = Vec::new();
	let mut at = 0u32;
	for (i, &t) in text.iter().enumerate() {
		if i as u32 == at {
			starts.push(at);
		}
		if t == SEPARATOR {
			at = i as u32 + 1;
		}
	}
	starts
}

#[cfg(test)]
mod tests {
	use super::*;

	/// A small pseudo-random generator, so the brute-force comparisons cover many shapes.
	fn tokens(seed: u64, n: usize, alphabet: u32) -> Vec<u32> {
		let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
		(0..n)
			.map(|_| {
				x ^= x << 13;
				x ^= x >> 7;
				x ^= x << 17;
				(x % u64::from(alphabet)) as u32 + 1
			})
			.collect()
	}

	fn naive_longest(docs: &[Vec<u32>], pattern: &[u32]) -> usize {
		let mut best = 0;
		for doc in docs {
			for start in 0..doc.len() {
				let l = doc[start..].iter().zip(pattern).take_while(|(a, b)| a == b).count();
				best = best.max(l);
			}
		}
		best
	}

	fn naive_containing(docs: &[Vec<u32>], pattern: &[u32]) -> Vec<usize> {
		(0..docs.len())
			.filter(|&d| docs[d].windows(pattern.len()).any(|w| w == pattern))
			.collect()
	}

	#[test]
	fn sa_is_agrees_with_sorting_the_suffixes() {
		for (seed, n, alphabet) in
			[(1, 41, 1), (2, 100, 2), (3, 1_000, 3), (4, 5_000, 50), (5, 3_000, 1_000), (6, 39, 4)]
		{
			let mut s = tokens(seed, n, alphabet);
			// Long repeats exercise the recursion.
			let copy = s[..n / 3].to_vec();
			s.extend_from_slice(&copy);
			s.extend_from_slice(&copy);
			let mut naive: Vec<u32> = (0..s.len() as u32).collect();
			naive.sort_by(|&a, &b| s[a as usize..].cmp(&s[b as usize..]));
			assert_eq!(suffix_array(&s, alphabet), naive, "seed {seed}");
		}
	}

	#[test]
	fn suffix_array_is_sorted_suffixes() {
		let docs = [tokens(1, 50, 3), tokens(2, 30, 3), vec![], tokens(3, 40, 3)];
		let refs: Vec<&[u32]> = docs.iter().map(|d| d.as_slice()).collect();
		let shard = Shard::build(&refs, 3);
		let mut naive: Vec<u32> = (0..shard.text.len() as u32).collect();
		naive.sort_by(|&a, &b| shard.text[a as usize..].cmp(&shard.text[b as usize..]));
		assert_eq!(*shard.sa, naive);
		assert_eq!(shard.starts, vec![0, 51, 82, 83]);
	}

	#[test]
	fn queries_agree_with_brute_force() {
		for seed in 0..40u64 {
			let alphabet = 2 + (seed % 5) as u32;
			let docs: Vec<Vec<u32>> =
				(0..4).map(|d| tokens(seed * 10 + d, 20 + (d as usize) * 7, alphabet)).collect();
			let refs: Vec<&[u32]> = docs.iter().map(|d| d.as_slice()).collect();
			let shard = Shard::build(&refs, alphabet);
			let pattern = tokens(seed + 1000, 30, alphabet);
			let mut previous = 0usize;
			for i in 0..pattern.len() {
				let want = naive_longest(&docs, &pattern[i..]);
				assert_eq!(shard.longest_match(&pattern[i..], 0, 1), want, "seed {seed} at {i}");
				// The matching-statistics shortcut: the next position matches at least one
				// token less.
				let got = shard.longest_match(&pattern[i..], previous.saturating_sub(1), 1);
				assert_eq!(got, want, "seed {seed} at {i} with known prefix");
				previous = got;
				// Matches shorter than the minimum are reported as none.
				for min in 2..6 {
					let short = if want >= min { want } else { 0 };
					assert_eq!(shard.longest_match(&pattern[i..], 0, min), short);
				}
				if want > 0 {
					assert_eq!(
						shard.contributions_containing(&pattern[i..i + want]),
						naive_containing(&docs, &pattern[i..i + want])
					);
				}
			}
		}
	}

	#[test]
	fn matches_never_cross_contributions_and_unknown_tokens_match_nothing() {
		let shard = Shard::build(&[&[1, 2, 3], &[4, 5]], 5);
		assert_eq!(shard.longest_match(&[2, 3, 4, 5], 0, 1), 2);
		assert_eq!(shard.longest_match(&[UNKNOWN, 1], 0, 1), 0);
		assert_eq!(shard.longest_match(&[], 0, 1), 0);
		// A wrong `known` is not trusted.
		assert_eq!(shard.longest_match(&[1, 4, 5], 3, 1), 1);
		assert!(shard.range_of(&[3, 4]).is_empty());
		assert_eq!(shard.contributions_containing(&[5]), vec![1]);
	}
}
