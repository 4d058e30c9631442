//! The attribution rule: from an output text and the indexes of a model's lineage to
//! per-contribution shares.
//!
//! 1. The output is tokenised like the contributions ([`crate::tokenize`]).
//! 2. For every output position `i`, `L(i)` is the length of the longest run of output tokens
//!    starting at `i` that occurs verbatim in some indexed contribution (across all indexes).
//! 3. A **span** starts at every `i` with `L(i) >= min_span` that the previous position's match
//!    does not already cover (`i = 0` or `L(i - 1) != L(i) + 1`): the maximal verbatim spans.
//! 4. Each span of `n` tokens found in `k` distinct contributions credits each of them `floor(n *
//!    CREDIT_PER_TOKEN / k)`. Overlapping spans each credit their full length.
//! 5. Contributions are ranked by credit, highest first, ties by lower id; the first `max_entries`
//!    are kept.
//! 6. Their shares, in parts per billion, are `floor(credit * 10^9 / total)` over the kept credits;
//!    the parts left over by rounding (fewer than the number of entries) go one each to the largest
//!    remainders, ties by lower id. Entries of share 0 are dropped. So the shares sum to exactly
//!    100 % whenever anything matched, and the list is empty otherwise.
//! 7. Entries are listed by contribution id, ascending.

use crate::{parallel_map, suffix::Shard, tokenize, Error, Index};
use std::collections::BTreeMap;

/// The credit of one matched token: divisible by every share count from 1 to 16, so small
/// splits are exact.
pub const CREDIT_PER_TOKEN: u128 = 720_720;

/// One billion parts: 100 %.
const BILLION: u128 = 1_000_000_000;

/// The rule's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
	/// The fewest tokens a span needs to count.
	pub min_span: usize,
	/// The most entries the attribution may have (the chain's `MaxAttribution`).
	pub max_entries: usize,
}

impl Default for Params {
	fn default() -> Self {
		Params { min_span: 8, max_entries: 32 }
	}
}

/// A maximal verbatim span of the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
	/// The position of its first token in the output's tokens.
	pub token_start: usize,
	/// Its length in tokens.
	pub tokens: usize,
	/// Its byte range in the output text.
	pub bytes: (usize, usize),
	/// The contributions it occurs in, ascending.
	pub contributions: Vec<u64>,
}

/// One contribution's part of the attribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
	/// The contribution's id on chain.
	pub contribution: u64,
	/// Its credit, in `1 / CREDIT_PER_TOKEN` tokens.
	pub credit: u128,
	/// Its share of the data fee, in parts per billion.
	pub share_ppb: u32,
}

/// The result of [`attribute`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
	/// How many tokens the output has.
	pub output_tokens: usize,
	/// The maximal spans found, in output order.
	pub spans: Vec<Span>,
	/// The credited contributions, by id.
	pub entries: Vec<Entry>,
}

impl Attribution {
	/// `(contribution, share in parts per billion)`, as settled on chain.
	pub fn shares(&self) -> Vec<(u64, u32)> {
		self.entries.iter().map(|e| (e.contribution, e.share_ppb)).collect()
	}
}

/// Attributes `output` to the contributions of `indexes` (the lineage of the model that
/// produced it) by the rule above.
pub fn attribute(indexes: &[&Index], output: &str, params: &Params) -> Result<Attribution, Error> {
	if params.min_span == 0 {
		return Err(Error::InvalidParams("min_span must be at least 1"));
	}
	if params.max_entries == 0 {
		return Err(Error::InvalidParams("max_entries must be at least 1"));
	}
	let ranges = tokenize::token_ranges(output.as_bytes());
	let n = ranges.len();
	// Each index has its own vocabulary, so its own ids for the output's tokens.
	let patterns: Vec<Vec<u32>> = indexes
		.iter()
		.map(|index| index.token_ids(ranges.iter().map(|&(s, e)| &output[s..e])))
		.collect();

	// L(i): the longest verbatim match at i, over every shard of every index, or 0 where it is
	// shorter than `min_span` (no span can start there, and step 3 only compares L(i - 1) with
	// L(i) + 1 > min_span). A shard's match at i + 1 is at least its match at i minus one,
	// which saves re-finding the known prefix.
	let shards: Vec<(&[u32], &Shard)> = indexes
		.iter()
		.zip(&patterns)
		.flat_map(|(index, pattern)| index.shards.iter().map(move |s| (pattern.as_slice(), s)))
		.collect();
	let per_shard = parallel_map(&shards, |&(pattern, shard)| {
		let mut previous = 0usize;
		(0..n)
			.map(|i| {
				let known = previous.saturating_sub(1);
				previous = shard.longest_match(&pattern[i..], known, params.min_span);
				previous
			})
			.collect::<Vec<usize>>()
	});
	let longest: Vec<usize> =
		(0..n).map(|i| per_shard.iter().map(|l| l[i]).max().unwrap_or(0)).collect();

	let mut spans = Vec::new();
	let mut credit: BTreeMap<u64, u128> = BTreeMap::new();
	for i in 0..n {
		let len = longest[i];
		let covered = i > 0 && longest[i - 1] == len + 1;
		if len < params.min_span || covered {
			continue;
		}
		let mut contributions: Vec<u64> = indexes
			.iter()
			.zip(&patterns)
			.flat_map(|(index, pattern)| index.contributions_containing(&pattern[i..i + len]))
			.collect();
		contributions.sort_unstable();
		contributions.dedup();
		let share = len as u128 * CREDIT_PER_TOKEN / contributions.len().max(1) as u128;
		for &c in &contributions {
			*credit.entry(c).or_default() += share;
		}
		spans.push(Span {
			token_start: i,
			tokens: len,
			bytes: (ranges[i].0, ranges[i + len - 1].1),
			contributions,
		});
	}

	Ok(Attribution { output_tokens: n, spans, entries: weigh(credit, params.max_entries) })
}

/// Steps 5 to 7 of the rule: the top `max_entries` credits as shares summing to 10^9.
fn weigh(credit: BTreeMap<u64, u128>, max_entries: usize) -> Vec<Entry> {
	let mut ranked: Vec<(u64, u128)> = credit.into_iter().filter(|(_, c)| *c > 0).collect();
	ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
	ranked.truncate(max_entries);
	let total: u128 = ranked.iter().map(|(_, c)| c).sum();
	if total == 0 {
		return Vec::new();
	}
	let mut entries: Vec<(Entry, u128)> = ranked
		.iter()
		.map(|&(contribution, credit)| {
			let scaled = credit * BILLION;
			let share_ppb = (scaled / total) as u32;
			(Entry { contribution, credit, share_ppb }, scaled % total)
		})
		.collect();
	let assigned: u128 = entries.iter().map(|(e, _)| u128::from(e.share_ppb)).sum();
	let left = (BILLION - assigned) as usize;
	let mut by_remainder: Vec<usize> = (0..entries.len()).collect();
	by_remainder.sort_by(|&a, &b| {
		entries[b]
			.1
			.cmp(&entries[a].1)
			.then(entries[a].0.contribution.cmp(&entries[b].0.contribution))
	});
	for &i in by_remainder.iter().take(left) {
		entries[i].0.share_ppb += 1;
	}
	let mut out: Vec<Entry> =
		entries.into_iter().map(|(e, _)| e).filter(|e| e.share_ppb > 0).collect();
	out.sort_by_key(|e| e.contribution);
	out
}

#[cfg(test)]
pub(crate) mod tests {
	use super::*;
	use crate::{ContributionText, IndexMeta};

	/// Version 1 of Datanet `datanet`, holding `(contribution id, text)` pairs.
	pub(crate) fn index(datanet: u32, texts: &[(u64, &str)]) -> Index {
		let contributions = texts
			.iter()
			.map(|&(id, s)| ContributionText {
				id,
				content_hash: crate::content_root(s.as_bytes()),
				bytes: s.as_bytes().to_vec(),
			})
			.collect();
		Index::build(IndexMeta { datanet, version: 1, merkle_root: [0; 32] }, contributions)
			.unwrap()
	}

	const P3: Params = Params { min_span: 3, max_entries: 32 };

	#[test]
	fn spans_are_maximal_and_credited_to_where_they_occur() {
		let idx = index(0, &[(10, "one two three four five six"), (11, "seven eight nine ten")]);
		let out =
			attribute(&[&idx], "zero one two three four x seven eight nine ten y", &P3).unwrap();
		let spans: Vec<(usize, usize, Vec<u64>)> = out
			.spans
			.iter()
			.map(|s| (s.token_start, s.tokens, s.contributions.clone()))
			.collect();
		assert_eq!(spans, vec![(1, 4, vec![10]), (6, 4, vec![11])]);
		assert_eq!(
			&"zero one two three four x"[out.spans[0].bytes.0..out.spans[0].bytes.1],
			"one two three four"
		);
		assert_eq!(out.shares(), vec![(10, 500_000_000), (11, 500_000_000)]);
	}

	#[test]
	fn shared_spans_split_evenly_and_short_matches_do_not_count() {
		let idx = index(0, &[(1, "a b c d"), (2, "x a b c d y"), (3, "a b")]);
		let out = attribute(&[&idx], "a b c d", &P3).unwrap();
		assert_eq!(out.shares(), vec![(1, 500_000_000), (2, 500_000_000)]);
		assert!(attribute(&[&idx], "a b q", &P3).unwrap().entries.is_empty());
	}

	#[test]
	fn spans_are_maximal_across_all_the_lineage_indexes() {
		let first = index(0, &[(1, "p q r s")]);
		let second = index(1, &[(2, "q r s t u v")]);
		let out = attribute(&[&first, &second], "p q r s t u v", &P3).unwrap();
		// "p q r s" (4 tokens) in 1, then "q r s t u v" (6 tokens) in 2.
		assert_eq!(out.spans.len(), 2);
		assert_eq!(out.shares(), vec![(1, 400_000_000), (2, 600_000_000)]);
	}

	#[test]
	fn shares_sum_to_one_billion_with_a_deterministic_remainder() {
		let mut credit = BTreeMap::new();
		for id in [5u64, 3, 9] {
			credit.insert(id, 1u128);
		}
		let entries = weigh(credit, 32);
		let w: Vec<(u64, u32)> = entries.iter().map(|e| (e.contribution, e.share_ppb)).collect();
		// 333,333,333 each and one part left: to the lowest id among equal remainders.
		assert_eq!(w, vec![(3, 333_333_334), (5, 333_333_333), (9, 333_333_333)]);
	}

	#[test]
	fn the_cap_keeps_the_largest_credits_ties_by_lower_id() {
		let credit: BTreeMap<u64, u128> = [(1, 5), (2, 9), (3, 5), (4, 1)].into_iter().collect();
		let kept: Vec<u64> = weigh(credit, 2).iter().map(|e| e.contribution).collect();
		assert_eq!(kept, vec![1, 2]);
	}

	#[test]
	fn bad_parameters_are_errors() {
		let idx = index(0, &[(1, "a")]);
		assert!(attribute(&[&idx], "a", &Params { min_span: 0, max_entries: 1 }).is_err());
		assert!(attribute(&[&idx], "a", &Params { min_span: 1, max_entries: 0 }).is_err());
		assert!(attribute(&[], "a", &P3).unwrap().entries.is_empty());
	}
}
