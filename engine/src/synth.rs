//! A generated benchmark: a corpus of synthetic text, and outputs stitched from known passages
//! of it plus novel text, with the truth of where every passage came from. The tests and the
//! measurements in `docs/attribution.md` use it.
//!
//! Words come from a synthetic vocabulary drawn with a Zipf-like law (word `r` has weight
//! `1 / (r + 1)`), with commas and full stops, so frequent words and short repeated phrases
//! occur as in natural text. Everything is seeded: the same seed gives the same corpus.

use crate::{content_root, Attribution, ContributionText};
use std::collections::BTreeSet;

/// A deterministic pseudo-random generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
	/// A generator seeded with `seed`.
	pub fn new(seed: u64) -> Rng {
		Rng(seed)
	}

	/// The next 64 random bits.
	pub fn next_u64(&mut self) -> u64 {
		self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
		let mut z = self.0;
		z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
		z ^ (z >> 31)
	}

	/// A number in `low..=high`.
	pub fn range(&mut self, low: usize, high: usize) -> usize {
		low + (self.next_u64() % (high - low + 1) as u64) as usize
	}
}

/// The synthetic language: words and how often each is drawn.
#[derive(Debug, Clone)]
pub struct Language {
	words: Vec<String>,
	/// Cumulative weights, scaled to integers.
	cumulative: Vec<u64>,
}

impl Language {
	/// A language of `size` words (commas and full stops among the most frequent).
	pub fn new(size: usize) -> Language {
		const CONSONANTS: &[u8] = b"bcdfghjklmnprstvwz";
		const VOWELS: &[u8] = b"aeiou";
		let syllables: Vec<[u8; 2]> =
			CONSONANTS.iter().flat_map(|&c| VOWELS.iter().map(move |&v| [c, v])).collect();
		let mut words = vec![",".to_owned(), ".".to_owned()];
		// Word r spells r in bijective base-90 with syllables: unique, short words first.
		for r in 1..=size.saturating_sub(2) {
			let (mut n, mut word) = (r, Vec::new());
			while n > 0 {
				n -= 1;
				word.extend_from_slice(&syllables[n % syllables.len()]);
				n /= syllables.len();
			}
			words.push(String::from_utf8_lossy(&word).into_owned());
		}
		let mut total = 0u64;
		let cumulative = (0..words.len())
			.map(|r| {
				total += 1_000_000_000 / (r as u64 + 3);
				total
			})
			.collect();
		Language { words, cumulative }
	}

	/// A random word.
	pub fn word(&self, rng: &mut Rng) -> &str {
		let total = self.cumulative.last().copied().unwrap_or(1);
		let pick = rng.next_u64() % total;
		let r = self.cumulative.partition_point(|&c| c <= pick);
		&self.words[r.min(self.words.len() - 1)]
	}

	/// `n` random words as text.
	pub fn text(&self, rng: &mut Rng, n: usize) -> Vec<String> {
		(0..n).map(|_| self.word(rng).to_owned()).collect()
	}
}

/// Joins words as text, with punctuation attached to the word before it.
pub fn render(words: &[String]) -> String {
	let mut out = String::new();
	for w in words {
		if !out.is_empty() && w != "," && w != "." {
			out.push(' ');
		}
		out.push_str(w);
	}
	out
}

/// A generated corpus: the contributions' words and their texts.
#[derive(Debug, Clone)]
pub struct Corpus {
	/// The language it is written in.
	pub language: Language,
	/// Each contribution's words (contribution id `i` is `documents[i]`).
	pub documents: Vec<Vec<String>>,
}

impl Corpus {
	/// About `bytes` bytes of text in contributions of `min_words..=max_words` words.
	pub fn generate(seed: u64, bytes: usize, min_words: usize, max_words: usize) -> Corpus {
		let language = Language::new(50_000);
		let mut rng = Rng::new(seed);
		let (mut documents, mut size) = (Vec::new(), 0usize);
		while size < bytes {
			let n = rng.range(min_words, max_words);
			let words = language.text(&mut rng, n);
			size += words.iter().map(|w| w.len() + 1).sum::<usize>();
			documents.push(words);
		}
		Corpus { language, documents }
	}

	/// The contributions to index: id `i` for document `i`.
	pub fn contributions(&self) -> Vec<ContributionText> {
		self.documents
			.iter()
			.enumerate()
			.map(|(id, words)| {
				let bytes = render(words).into_bytes();
				ContributionText { id: id as u64, content_hash: content_root(&bytes), bytes }
			})
			.collect()
	}

	/// An output of about `words` words: passages of `passage_words` words copied from random
	/// contributions, between runs of novel words. Returns the text and the contributions
	/// quoted.
	pub fn stitched_output(
		&self,
		rng: &mut Rng,
		words: usize,
		passage_words: (usize, usize),
		novel_words: (usize, usize),
	) -> (String, BTreeSet<u64>) {
		let (mut out, mut quoted) = (Vec::new(), BTreeSet::new());
		let novel = |rng: &mut Rng| {
			let n = rng.range(novel_words.0, novel_words.1);
			self.language.text(rng, n)
		};
		while out.len() < words {
			out.extend(novel(rng));
			let doc = rng.range(0, self.documents.len() - 1);
			let source = &self.documents[doc];
			let len = rng.range(passage_words.0, passage_words.1).min(source.len());
			let start = rng.range(0, source.len() - len);
			out.extend_from_slice(&source[start..start + len]);
			quoted.insert(doc as u64);
		}
		out.extend(novel(rng));
		(render(&out), quoted)
	}
}

/// How well attributions found the contributions that outputs quoted.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Score {
	/// Contributions attributed that were quoted.
	pub true_positives: u64,
	/// Contributions attributed that were not quoted.
	pub false_positives: u64,
	/// Contributions quoted that were not attributed.
	pub false_negatives: u64,
	/// Parts per billion of share given to quoted contributions, summed over outputs.
	pub share_on_quoted_ppb: u64,
	/// Parts per billion of share given out, summed over outputs.
	pub share_ppb: u64,
}

impl Score {
	/// Adds one output's attribution against the contributions it quoted.
	pub fn add(&mut self, attribution: &Attribution, quoted: &BTreeSet<u64>) {
		for e in &attribution.entries {
			self.share_ppb += u64::from(e.share_ppb);
			if quoted.contains(&e.contribution) {
				self.true_positives += 1;
				self.share_on_quoted_ppb += u64::from(e.share_ppb);
			} else {
				self.false_positives += 1;
			}
		}
		let found: BTreeSet<u64> = attribution.entries.iter().map(|e| e.contribution).collect();
		self.false_negatives += quoted.difference(&found).count() as u64;
	}

	/// Attributed contributions that were quoted, as a fraction.
	pub fn precision(&self) -> f64 {
		self.true_positives as f64 / (self.true_positives + self.false_positives).max(1) as f64
	}

	/// Quoted contributions that were attributed, as a fraction.
	pub fn recall(&self) -> f64 {
		self.true_positives as f64 / (self.true_positives + self.false_negatives).max(1) as f64
	}

	/// The fraction of all shares that went to quoted contributions.
	pub fn share_precision(&self) -> f64 {
		self.share_on_quoted_ppb as f64 / self.share_ppb.max(1) as f64
	}
}
