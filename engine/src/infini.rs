//! An ∞-gram language model (Liu et al., 2024, "Infini-gram"): the next token follows the
//! longest suffix of the context that occurs anywhere in the data, with the probability of its
//! count among that suffix's occurrences.
//!
//! The data is the model version's lineage as the attribution engine indexes it: one [`Index`]
//! a Datanet version, its suffix arrays answering "where does this run of tokens occur" in one
//! search. So building a model is indexing its lineage, anyone can rebuild it from the chain and
//! the files ([`model_hash`] names the build), and what it says is made of runs of its data,
//! which [`crate::attribute`] finds again and credits.
//!
//! A model is a list of **layers**: an adapter's own lineage first, then its base's. The layer
//! holding the longest suffix of the context answers, the earlier on a tie, so an adapter's data
//! wins where it knows the context as well as its base, and the base answers where the adapter
//! knows less of it (where no layer holds the last token, the first layer's token frequencies
//! answer).
//!
//! Decoding is greedy (the most frequent next token, ties to the first in byte order) or
//! sampled from a seed, so the same model, prompt and settings give the same text everywhere.
//! It stops after `max_tokens`, at a stop sequence, or where the matched data ends (a
//! contribution's end follows the context more often than any token).

use crate::{
	blake2_256,
	index::Index,
	suffix::{Shard, SEPARATOR, UNKNOWN},
	synth::Rng,
	tokenize,
};
use std::collections::BTreeMap;

/// The most occurrences of a context read to count what follows it: a very common context's
/// counts are taken from this many occurrences evenly spaced over its suffix-array range, a
/// fixed sample, so that a step costs the same whatever the data's size.
pub const MAX_OCCURRENCES: usize = 4096;

/// The most tokens of context searched: longer matches than this are vanishingly rare in text,
/// and each token costs every search a comparison.
pub const MAX_CONTEXT: usize = 128;

/// What may come next.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Next {
	/// A token.
	Token(String),
	/// The end of a contribution: what the data says after this context is nothing more.
	End,
}

/// The next-token counts after a context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Continuations {
	/// How many tokens of the context's end the data holds (0: none, the counts are the
	/// layer's token frequencies).
	pub matched: usize,
	/// Which layer answered (0 is the first).
	pub layer: usize,
	/// Each continuation with how often it follows (in at most [`MAX_OCCURRENCES`] occurrences
	/// an index shard).
	pub counts: BTreeMap<Next, u64>,
}

/// How to choose each token.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sampling {
	/// The most frequent continuation; ties go to the first in byte order (temperature 0).
	Greedy,
	/// Drawn with probability proportional to `count^(1 / temperature)`, from a generator
	/// seeded with `seed`.
	Seeded {
		/// The generator's seed.
		seed: u64,
		/// Above 0; 1 samples the counts as they are, lower sharpens them.
		temperature: f64,
	},
}

/// How to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoding {
	/// The most tokens generated.
	pub max_tokens: usize,
	/// How each token is chosen.
	pub sampling: Sampling,
	/// Generation stops before the first of these that the generated text contains.
	pub stop: Vec<String>,
}

/// Why generation stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finish {
	/// `max_tokens` were generated.
	Length,
	/// The text reached a stop sequence, which is left out.
	Stop,
	/// The data ended: a contribution's end was chosen, or nothing at all is indexed.
	End,
}

/// A generated text.
#[derive(Debug, Clone, PartialEq)]
pub struct Generation {
	/// The text, its tokens joined as [`render`] joins them, cut before a stop sequence.
	pub text: String,
	/// How many tokens were generated.
	pub tokens: usize,
	/// Why it stopped.
	pub finish: Finish,
}

/// An ∞-gram model over layers of indexes.
pub struct InfiniGram<'a> {
	layers: Vec<Vec<&'a Index>>,
}

impl<'a> InfiniGram<'a> {
	/// The model of `layers` (an adapter's lineage first, then its base's; a base model has
	/// one layer). Empty layers are dropped.
	pub fn new(layers: Vec<Vec<&'a Index>>) -> Self {
		InfiniGram { layers: layers.into_iter().filter(|l| !l.is_empty()).collect() }
	}

	/// What follows `context` (tokens, as [`tokenize`] splits text) in the layer holding its
	/// longest suffix (the earlier on a tie; the first layer's token frequencies if no layer
	/// holds its last token). `None` if the model has no data.
	pub fn continuations(&self, context: &[&str]) -> Option<Continuations> {
		let context = &context[context.len().saturating_sub(MAX_CONTEXT)..];
		let mut best: Option<Continuations> = None;
		for (layer, indexes) in self.layers.iter().enumerate() {
			let (matched, counts) = layer_continuations(indexes, context);
			if best.as_ref().is_none_or(|b| matched > b.matched) {
				best = Some(Continuations { matched, layer, counts });
			}
		}
		best
	}

	/// Generates a continuation of `prompt`.
	pub fn generate(&self, prompt: &str, decoding: &Decoding) -> Generation {
		let mut context: Vec<String> = tokens_of(prompt);
		let mut generated: Vec<String> = Vec::new();
		let mut rng = match decoding.sampling {
			Sampling::Seeded { seed, .. } => Rng::new(seed),
			Sampling::Greedy => Rng::new(0),
		};
		let finish = loop {
			if generated.len() >= decoding.max_tokens {
				break Finish::Length;
			}
			let refs: Vec<&str> = context.iter().map(String::as_str).collect();
			let Some(next) = self.continuations(&refs) else { break Finish::End };
			match choose(&next.counts, decoding.sampling, &mut rng) {
				Some(Next::Token(token)) => {
					context.push(token.clone());
					generated.push(token);
				},
				Some(Next::End) | None => break Finish::End,
			}
			let text = render(&generated);
			if let Some(cut) = first_stop(&text, &decoding.stop) {
				return Generation {
					text: text[..cut].to_owned(),
					tokens: generated.len(),
					finish: Finish::Stop,
				};
			}
		};
		Generation { text: render(&generated), tokens: generated.len(), finish }
	}
}

/// The name of a model built from `layers`: the BLAKE2-256 of a domain tag, then each layer's
/// index hashes in order, a layer ending with a marker. A registered model's `artifact_hash`
/// is this, so anyone can rebuild it from the chain and check.
pub fn model_hash(layers: &[Vec<&Index>]) -> [u8; 32] {
	let mut bytes = b"openledger/infini-gram/v1".to_vec();
	for layer in layers {
		for index in layer {
			bytes.extend_from_slice(&index.hash());
		}
		bytes.extend_from_slice(b"/layer");
	}
	blake2_256(&bytes)
}

/// The tokens of `text`, as the index and the attribution rule split it.
pub fn tokens_of(text: &str) -> Vec<String> {
	tokenize::token_ranges(text.as_bytes())
		.into_iter()
		.map(|(start, end)| String::from_utf8_lossy(&text.as_bytes()[start..end]).into_owned())
		.collect()
}

/// `tokens` as text: a space before each token but punctuation that closes or joins, and none
/// after one that opens. (Whitespace is not a token: the text attributes the same however it is
/// spaced.)
pub fn render(tokens: &[String]) -> String {
	let mut text = String::new();
	let mut previous: Option<&str> = None;
	for token in tokens {
		let closes =
			matches!(token.as_str(), "." | "," | ";" | ":" | "!" | "?" | ")" | "]" | "}" | "%");
		let after_opening = previous.is_some_and(|p| matches!(p, "(" | "[" | "{" | "\"" | "'"));
		if previous.is_some() && !closes && !after_opening {
			text.push(' ');
		}
		text.push_str(token);
		previous = Some(token);
	}
	text
}

/// The byte at which `text` first contains one of `stops`, if it does.
fn first_stop(text: &str, stops: &[String]) -> Option<usize> {
	stops
		.iter()
		.filter(|s| !s.is_empty())
		.filter_map(|s| text.find(s.as_str()))
		.min()
}

/// The longest match of `context`'s end in `indexes` (the longest over them), and the counts of
/// what follows it in every index that holds that much.
fn layer_continuations(indexes: &[&Index], context: &[&str]) -> (usize, BTreeMap<Next, u64>) {
	let ids: Vec<Vec<u32>> = indexes.iter().map(|i| i.token_ids(context.iter().copied())).collect();
	let matched: Vec<usize> =
		indexes.iter().zip(&ids).map(|(i, ids)| longest_suffix(i, ids)).collect();
	let best = matched.iter().copied().max().unwrap_or(0);
	let mut counts = BTreeMap::new();
	for ((index, ids), n) in indexes.iter().zip(&ids).zip(&matched) {
		if *n == best {
			count_next(index, &ids[ids.len() - best..], &mut counts);
		}
	}
	(best, counts)
}

/// How many of `ids`' last tokens occur together in `index`: the largest `n` such that the last
/// `n` occur in one of its shards (occurring is monotone in `n`, so a binary search finds it).
fn longest_suffix(index: &Index, ids: &[u32]) -> usize {
	let occurs = |n: usize| {
		let pattern = &ids[ids.len() - n..];
		!pattern.contains(&UNKNOWN) && index.shards.iter().any(|s| !s.range_of(pattern).is_empty())
	};
	let (mut low, mut high) = (0, ids.len());
	while low < high {
		let mid = (low + high).div_ceil(2);
		if occurs(mid) {
			low = mid;
		} else {
			high = mid - 1;
		}
	}
	low
}

/// Adds to `counts` what follows `pattern` in each of `index`'s shards, over at most
/// [`MAX_OCCURRENCES`] of its occurrences a shard.
fn count_next(index: &Index, pattern: &[u32], counts: &mut BTreeMap<Next, u64>) {
	for shard in &index.shards {
		let range = shard.range_of(pattern);
		let step = range.len().div_ceil(MAX_OCCURRENCES).max(1);
		for i in (range.start..range.end).step_by(step) {
			let next = following(shard, shard.sa[i] as usize + pattern.len());
			let next = match next {
				SEPARATOR => Next::End,
				id => Next::Token(index.vocabulary[id as usize - 1].clone()),
			};
			*counts.entry(next).or_default() += 1;
		}
	}
}

/// The token at `at` in `shard`'s text (past the end reads as a contribution's end).
fn following(shard: &Shard, at: usize) -> u32 {
	shard.text.get(at).copied().unwrap_or(SEPARATOR)
}

/// The continuation `sampling` picks from `counts`.
fn choose(counts: &BTreeMap<Next, u64>, sampling: Sampling, rng: &mut Rng) -> Option<Next> {
	match sampling {
		Sampling::Greedy => {
			// The first of the most frequent, in the map's (byte) order.
			let most = counts.values().copied().max()?;
			counts.iter().find(|(_, &c)| c == most).map(|(next, _)| next.clone())
		},
		Sampling::Seeded { temperature, .. } => {
			let weights: Vec<f64> =
				counts.values().map(|&c| (c as f64).powf(1.0 / temperature.max(1e-6))).collect();
			let total: f64 = weights.iter().sum();
			if !(total.is_finite() && total > 0.0) {
				return choose(counts, Sampling::Greedy, rng);
			}
			let mut target = unit(rng) * total;
			for (next, weight) in counts.keys().zip(&weights) {
				if target < *weight {
					return Some(next.clone());
				}
				target -= weight;
			}
			counts.keys().last().cloned()
		},
	}
}

/// A number in [0, 1) from `rng`'s next 53 bits.
fn unit(rng: &mut Rng) -> f64 {
	(rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{attribute, attribute::tests::index, Params};

	fn greedy(max_tokens: usize) -> Decoding {
		Decoding { max_tokens, sampling: Sampling::Greedy, stop: vec![] }
	}

	const FEVER: &str = "rest and fluids bring a fever down within two days.";
	const COLD: &str = "a cold lasts about a week and needs no antibiotics at all.";

	#[test]
	fn the_next_token_follows_the_longest_suffix_found_with_its_counts() {
		let data =
			index(0, &[(1, "the cat sat on the mat. the cat ran."), (2, "a dog sat on the rug.")]);
		let model = InfiniGram::new(vec![vec![&data]]);
		// "sat on the" occurs twice, followed by "mat" and "rug"; "cat sat on the" once.
		let next = model.continuations(&["dog", "sat", "on", "the"]).unwrap();
		assert_eq!(next.matched, 4);
		assert_eq!(next.counts, BTreeMap::from([(Next::Token("rug".into()), 1)]));
		let next = model.continuations(&["bird", "sat", "on", "the"]).unwrap();
		assert_eq!(next.matched, 3, "'bird' is unknown: the longest suffix found is 3 tokens");
		assert_eq!(
			next.counts,
			BTreeMap::from([(Next::Token("mat".into()), 1), (Next::Token("rug".into()), 1)])
		);
		// "the cat" is followed by "sat" and "ran".
		let next = model.continuations(&["the", "cat"]).unwrap();
		assert_eq!(next.counts.values().sum::<u64>(), 2);
		// A contribution's end follows its last token.
		let next = model.continuations(&["the", "rug", "."]).unwrap();
		assert_eq!(next.counts, BTreeMap::from([(Next::End, 1)]));
		// Nothing known: the token frequencies (ends of contributions included).
		let next = model.continuations(&["zebra"]).unwrap();
		assert_eq!(next.matched, 0);
		assert_eq!(next.counts[&Next::Token("the".into())], 4);
		assert_eq!(next.counts[&Next::End], 2);
	}

	#[test]
	fn greedy_generation_continues_the_data_and_its_output_is_attributed_to_it() {
		let data = index(0, &[(7, FEVER), (9, COLD)]);
		let model = InfiniGram::new(vec![vec![&data]]);
		let answer = model.generate("Q: what helps? A: rest and", &greedy(50));
		assert_eq!(answer.text, "fluids bring a fever down within two days.");
		assert_eq!(answer.finish, Finish::End);
		let said = format!("rest and {}", answer.text);
		let credited =
			attribute(&[&data], &said, &Params { min_span: 4, max_entries: 32 }).unwrap();
		assert_eq!(credited.shares(), vec![(7, 1_000_000_000)]);
		// The same prompt, the same answer.
		assert_eq!(model.generate("Q: what helps? A: rest and", &greedy(50)), answer);
	}

	#[test]
	fn generation_stops_at_max_tokens_and_before_a_stop_sequence() {
		let data = index(0, &[(7, FEVER)]);
		let model = InfiniGram::new(vec![vec![&data]]);
		let short = model.generate("rest and", &greedy(3));
		assert_eq!(
			(short.text.as_str(), short.tokens, short.finish),
			("fluids bring a", 3, Finish::Length)
		);
		let stopped = model.generate(
			"rest and",
			&Decoding { max_tokens: 50, sampling: Sampling::Greedy, stop: vec!["fever".into()] },
		);
		assert_eq!((stopped.text.as_str(), stopped.finish), ("fluids bring a ", Finish::Stop));
	}

	#[test]
	fn seeded_sampling_is_repeatable_and_follows_the_counts() {
		let data = index(0, &[(1, "go left"), (2, "go right"), (3, "go right"), (4, "go right")]);
		let model = InfiniGram::new(vec![vec![&data]]);
		let sampled = |seed| {
			model
				.generate(
					"go",
					&Decoding {
						max_tokens: 1,
						sampling: Sampling::Seeded { seed, temperature: 1.0 },
						stop: vec![],
					},
				)
				.text
		};
		assert_eq!(sampled(42), sampled(42));
		let rights = (0..400).filter(|&seed| sampled(seed) == "right").count();
		assert!((250..350).contains(&rights), "about 3 in 4 go right: {rights}");
		assert_eq!(model.generate("go", &greedy(1)).text, "right");
	}

	#[test]
	fn an_adapter_answers_from_its_own_data_first_and_backs_off_to_its_base() {
		let base = index(0, &[(1, "the answer is no. the sky is blue.")]);
		let adapter = index(1, &[(2, "the answer is yes.")]);
		let model = InfiniGram::new(vec![vec![&adapter], vec![&base]]);
		assert_eq!(model.generate("the answer is", &greedy(1)).text, "yes");
		// "sky" is only in the base: the adapter holds none of it and backs off; after "the sky
		// is" the base holds three tokens, the adapter one ("is").
		let next = model.continuations(&["sky"]).unwrap();
		assert_eq!((next.layer, next.matched), (1, 1));
		assert_eq!(model.generate("the sky", &greedy(3)).text, "is blue.");
	}

	#[test]
	fn counts_of_a_common_context_come_from_a_bounded_sample() {
		let text = "x y ".repeat(3 * MAX_OCCURRENCES);
		let data = index(0, &[(1, text.as_str())]);
		let model = InfiniGram::new(vec![vec![&data]]);
		let next = model.continuations(&["x"]).unwrap();
		let counted: u64 = next.counts.values().sum();
		assert!(counted <= MAX_OCCURRENCES as u64 && counted > 0, "{counted}");
		assert_eq!(next.counts.keys().collect::<Vec<_>>(), vec![&Next::Token("y".into())]);
	}

	#[test]
	fn a_model_without_data_ends_at_once() {
		let model = InfiniGram::new(vec![]);
		assert_eq!(model.continuations(&["a"]), None);
		assert_eq!(
			model.generate("a", &greedy(5)),
			Generation { text: String::new(), tokens: 0, finish: Finish::End }
		);
	}

	#[test]
	fn the_model_hash_names_its_indexes_and_their_layers() {
		let (a, b) = (index(0, &[(7, FEVER)]), index(1, &[(9, COLD)]));
		let one_layer = model_hash(&[vec![&a, &b]]);
		assert_eq!(one_layer, model_hash(&[vec![&a, &b]]));
		assert_ne!(one_layer, model_hash(&[vec![&b, &a]]));
		assert_ne!(one_layer, model_hash(&[vec![&a], vec![&b]]));
	}

	#[test]
	fn rendering_spaces_words_and_keeps_punctuation_close() {
		let tokens: Vec<String> = ["Rest", ",", "fluids", "(", "water", ")", "help", "."]
			.map(String::from)
			.to_vec();
		assert_eq!(render(&tokens), "Rest, fluids (water) help.");
		assert_eq!(tokens_of(&render(&tokens)), tokens);
	}
}
