//! Where an output's runs of tokens occur in one contribution's file: what a provider answers a
//! challenge with (a span witness of a run the runtime checks, `openledger_attribution_rule::
//! witness`), found by comparing tokens exactly as the runtime's check does.

use openledger_attribution_rule::tokenize;

/// A run of output tokens found in a contribution's file: `tokens` of them from output token
/// `start`, copied from the file's token `copy` on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
	/// The first output token of the run.
	pub start: u32,
	/// How many tokens.
	pub tokens: u32,
	/// The file's token the copy starts at.
	pub copy: usize,
}

/// The runs of the output found in a file, and where the file's tokens start.
pub struct Runs {
	/// For each output token, the longest run ending at it (`tokens` 0 where the token is not
	/// in the file).
	ending: Vec<Run>,
	/// The byte each of the file's tokens starts at.
	token_bytes: Vec<u64>,
}

impl Runs {
	/// One pass over the output and the file's tokens (a longest-common-substring table, a row
	/// at a time), comparing tokens as the runtime's witness check does.
	pub fn of(output: &[u8], file: &[u8]) -> Runs {
		let theirs = tokenize::token_ranges(file);
		let texts: Vec<&[u8]> = theirs.iter().map(|&range| tokenize::text(file, range)).collect();
		let mut row = vec![0u32; texts.len().saturating_add(1)];
		let mut next = row.clone();
		let mut ending = Vec::new();
		for (end, range) in (1u32..).zip(tokenize::token_ranges(output)) {
			let token = tokenize::text(output, range);
			let mut best = Run { start: end, tokens: 0, copy: 0 };
			// `next[j + 1]` from `row[j]`: the run ending at the file's token `j`.
			let cells = texts.iter().zip(&row).zip(next.iter_mut().skip(1));
			for (after, ((text, previous), cell)) in (1usize..).zip(cells) {
				let length = if *text == token { previous.saturating_add(1) } else { 0 };
				*cell = length;
				if length > best.tokens {
					best = Run {
						start: end.saturating_sub(length),
						tokens: length,
						copy: after.saturating_sub(length as usize),
					};
				}
			}
			std::mem::swap(&mut row, &mut next);
			ending.push(best);
		}
		Runs { ending, token_bytes: theirs.iter().map(|&(start, _)| start as u64).collect() }
	}

	/// The longest run, if it has at least `least` tokens. Being the longest, it cannot be
	/// extended at either end in this file.
	pub fn longest(&self, least: u32) -> Option<Run> {
		self.ending
			.iter()
			.copied()
			.max_by_key(|run| run.tokens)
			.filter(|run| run.tokens >= least)
	}

	/// What supports a credit to this file's contribution: the first `least` tokens of the
	/// longest run, the smallest witness, if the longest has that many.
	pub fn supporting_credit(&self, least: u32) -> Option<Run> {
		self.longest(least).map(|longest| Run { tokens: least, ..longest })
	}

	/// The shortest run covering output tokens `start..start + tokens` and longer than they are,
	/// cut from the first run that does, by where it ends.
	pub fn covering(&self, start: u32, tokens: u32) -> Option<Run> {
		let end = start.saturating_add(tokens);
		let found = self
			.ending
			.iter()
			.skip(end.saturating_sub(1) as usize)
			.find(|run| run.start <= start && run.tokens > tokens)?;
		// One token more: after the challenged run if the found one reaches past it, else before.
		let from = if found.start.saturating_add(found.tokens) > end {
			start
		} else {
			start.saturating_sub(1)
		};
		let copy = found.copy.saturating_add(from.saturating_sub(found.start) as usize);
		Some(Run { start: from, tokens: tokens.saturating_add(1), copy })
	}

	/// The byte of the file where `run`'s copy starts (0 for a run not from this file, whose
	/// witness then fails to build).
	pub fn byte(&self, run: Run) -> u64 {
		self.token_bytes.get(run.copy).copied().unwrap_or_default()
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use openledger_attribution_rule::{content::Commitment, witness, Blake2b};

	const OUTPUT: &[u8] = b"Doctors agree: rest and fluids bring a fever down within two days.";
	const BOB: &[u8] = b"lorem ipsum rest and fluids bring a fever down within two days dolor sit";
	const DAVE: &[u8] =
		b"He wrote: Doctors agree: rest and fluids bring a fever down within two days. Then left.";

	/// `run` proves, with a witness the runtime's check accepts for `least` tokens.
	fn proves(file: &[u8], runs: &Runs, run: Run, least: u32) -> bool {
		let at = runs.byte(run);
		let Some(proof) = witness::prove::<Blake2b>(OUTPUT, run.start, run.tokens, file, at) else {
			return false;
		};
		witness::verify::<Blake2b>(OUTPUT, &proof.view(), &Commitment::of::<Blake2b>(file), least)
			.is_ok()
	}

	#[test]
	fn the_longest_run_is_found_where_the_file_has_it() {
		let runs = Runs::of(OUTPUT, BOB);
		let run = runs.longest(8).unwrap();
		assert_eq!((run.start, run.tokens), (3, 10), "rest ... days");
		assert_eq!(&BOB[runs.byte(run) as usize..][..4], b"rest");
		assert!(proves(BOB, &runs, run, 10));
		assert!(runs.longest(11).is_none(), "nothing longer");
		assert!(Runs::of(OUTPUT, b"nothing in common here").longest(1).is_none());
	}

	#[test]
	fn a_covering_run_is_one_token_longer_and_covers_the_challenged_one() {
		let runs = Runs::of(OUTPUT, DAVE);
		// Dave's file holds the whole output: the run ends with Bob's, so it grows backwards.
		let run = runs.covering(3, 10).unwrap();
		assert_eq!((run.start, run.tokens), (2, 11));
		assert!(proves(DAVE, &runs, run, 11));
		// So does one inside it: the first run found ends where it ends.
		let run = runs.covering(3, 5).unwrap();
		assert_eq!((run.start, run.tokens), (2, 6));
		assert!(proves(DAVE, &runs, run, 6));
		// A file whose copy starts where the challenged run does: the run grows forwards.
		let later: &[u8] = b"We read that rest and fluids bring a fever down, and no more.";
		let runs = Runs::of(OUTPUT, later);
		let run = runs.covering(3, 5).unwrap();
		assert_eq!((run.start, run.tokens), (3, 6));
		assert!(proves(later, &runs, run, 6));
		// Bob's file holds nothing longer than his own run.
		assert!(Runs::of(OUTPUT, BOB).covering(3, 10).is_none());
	}
}
