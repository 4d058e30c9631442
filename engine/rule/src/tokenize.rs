//! The tokeniser: how text becomes the tokens that spans are made of.
//!
//! The bytes are read as UTF-8, each invalid sequence counting as one U+FFFD (as
//! `String::from_utf8_lossy` reads them). A token is either a maximal run of alphanumeric
//! characters (`char::is_alphanumeric`) or one character that is neither alphanumeric nor
//! whitespace (punctuation, symbols, U+FFFD). Whitespace only separates tokens. Tokens are
//! compared exactly ([`text`]): no case folding, no normalisation, so a span is verbatim text up
//! to whitespace.

/// The Unicode version of the tables `char::is_alphanumeric` and `char::is_whitespace` use in
/// this build; the engine records it in every index.
pub fn unicode_version() -> (u8, u8, u8) {
	char::UNICODE_VERSION
}

/// U+FFFD, which every invalid UTF-8 sequence reads as.
const REPLACEMENT: &[u8] = "\u{FFFD}".as_bytes();

/// The byte ranges of the tokens of `bytes`, in order.
pub fn token_ranges(bytes: &[u8]) -> alloc::vec::Vec<(usize, usize)> {
	let mut out = alloc::vec::Vec::new();
	for_each_token(bytes, |start, end| out.push((start, end)));
	out
}

/// Calls `f(start, end)` with the byte range of each token of `bytes`, in order.
pub fn for_each_token(bytes: &[u8], mut f: impl FnMut(usize, usize)) {
	let mut run: Option<usize> = None;
	let mut step = |at: usize, len: usize, alphanumeric: bool, whitespace: bool| {
		if alphanumeric {
			run.get_or_insert(at);
		} else {
			if let Some(start) = run.take() {
				f(start, at);
			}
			if !whitespace {
				f(at, at.saturating_add(len));
			}
		}
	};
	let mut at = 0usize;
	for chunk in bytes.utf8_chunks() {
		let valid = chunk.valid();
		let mut offset = 0usize;
		while let Some(&byte) = valid.as_bytes().get(offset) {
			// ASCII (most text) is classified from the byte; anything else is decoded.
			let (len, alphanumeric, whitespace) = if byte.is_ascii() {
				(
					1,
					byte.is_ascii_alphanumeric(),
					matches!(byte, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'),
				)
			} else {
				let c = valid.get(offset..).and_then(|rest| rest.chars().next());
				let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
				(c.len_utf8(), c.is_alphanumeric(), c.is_whitespace())
			};
			step(at.saturating_add(offset), len, alphanumeric, whitespace);
			offset = offset.saturating_add(len);
		}
		at = at.saturating_add(valid.len());
		let invalid = chunk.invalid();
		if !invalid.is_empty() {
			step(at, invalid.len(), false, false);
			at = at.saturating_add(invalid.len());
		}
	}
	if let Some(start) = run {
		f(start, at);
	}
}

/// The text of the token at `range` of `bytes`, as tokens are compared: its bytes, or U+FFFD's
/// for an invalid sequence.
pub fn text(bytes: &[u8], range: (usize, usize)) -> &[u8] {
	let token = bytes.get(range.0..range.1).unwrap_or_default();
	match core::str::from_utf8(token) {
		Ok(_) => token,
		Err(_) => REPLACEMENT,
	}
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
	use super::*;
	use alloc::{string::String, vec::Vec};

	fn tokens(text: &str) -> Vec<&str> {
		token_ranges(text.as_bytes()).into_iter().map(|(s, e)| &text[s..e]).collect()
	}

	#[test]
	fn words_punctuation_and_whitespace() {
		assert_eq!(
			tokens("Hello, world!  It's 42."),
			["Hello", ",", "world", "!", "It", "'", "s", "42", "."]
		);
		assert_eq!(tokens(""), Vec::<&str>::new());
		assert_eq!(tokens(" \n\t "), Vec::<&str>::new());
	}

	#[test]
	fn unicode_letters_are_words_and_case_is_kept() {
		assert_eq!(
			tokens("Größe naïve 東京 Ünïcode→x"),
			["Größe", "naïve", "東京", "Ünïcode", "→", "x"]
		);
		assert_ne!(tokens("Fever"), tokens("fever"));
	}

	#[test]
	fn an_invalid_sequence_is_one_replacement_token() {
		let bytes = b"ab\xe2\x82cd \xff\xfe!";
		let ranges = token_ranges(bytes);
		let texts: Vec<&[u8]> = ranges.iter().map(|r| text(bytes, *r)).collect();
		let want: [&[u8]; 6] = [b"ab", REPLACEMENT, b"cd", REPLACEMENT, REPLACEMENT, b"!"];
		assert_eq!(texts, want);
		assert_eq!(ranges, [(0, 2), (2, 4), (4, 6), (7, 8), (8, 9), (9, 10)]);
	}

	/// The definition in the module docs, character by character, over the lossy text.
	fn reference(bytes: &[u8]) -> Vec<String> {
		let text = String::from_utf8_lossy(bytes);
		let mut out = Vec::new();
		let mut run: Option<usize> = None;
		for (at, c) in text.char_indices() {
			if c.is_alphanumeric() {
				run.get_or_insert(at);
				continue;
			}
			if let Some(start) = run.take() {
				out.push(String::from(&text[start..at]));
			}
			if !c.is_whitespace() {
				out.push(String::from(&text[at..at + c.len_utf8()]));
			}
		}
		if let Some(start) = run {
			out.push(String::from(&text[start..]));
		}
		out
	}

	#[test]
	fn the_byte_tokeniser_agrees_with_the_definition_on_any_bytes() {
		let alphabet: Vec<&[u8]> = alloc::vec![
			b"a",
			b"Z",
			b"0",
			b" ",
			b"\t",
			b"\n",
			b".",
			b",",
			b"'",
			"é".as_bytes(),
			"東".as_bytes(),
			"\u{85}".as_bytes(),
			"\u{a0}".as_bytes(),
			"→".as_bytes(),
			"\u{fffd}".as_bytes(),
			b"\xe2",
			b"\x82",
			b"\xff",
			b"\xc3",
		];
		let mut x = 1u64;
		for _ in 0..3_000 {
			let bytes: Vec<u8> = (0..40)
				.flat_map(|_| {
					x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
					alphabet[(x >> 33) as usize % alphabet.len()].iter().copied()
				})
				.collect();
			let ours: Vec<String> = token_ranges(&bytes)
				.into_iter()
				.map(|r| String::from_utf8(text(&bytes, r).to_vec()).unwrap())
				.collect();
			assert_eq!(ours, reference(&bytes), "{bytes:?}");
		}
	}

	#[test]
	fn whitespace_does_not_change_tokens() {
		assert_eq!(tokens("a ,b\n\nc"), tokens("a, b c"));
	}
}
