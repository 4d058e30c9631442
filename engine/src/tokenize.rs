//! The tokeniser: how text becomes the tokens that spans are made of.
//!
//! The bytes are read as UTF-8, invalid sequences counting as U+FFFD. A token is either a
//! maximal run of alphanumeric characters (`char::is_alphanumeric`) or one character that is
//! neither alphanumeric nor whitespace (punctuation, symbols). Whitespace only separates tokens.
//! Tokens are compared exactly: no case folding, no normalisation, so a span is verbatim text
//! up to whitespace.

/// The Unicode version of the tables `char::is_alphanumeric` and `char::is_whitespace` use in
/// this build; recorded in every index.
pub fn unicode_version() -> (u8, u8, u8) {
	char::UNICODE_VERSION
}

/// The byte ranges of the tokens of `text`, in order.
pub fn token_ranges(text: &str) -> Vec<(usize, usize)> {
	let mut out = Vec::new();
	for_each_token(text, |start, end| out.push((start, end)));
	out
}

/// Calls `f(start, end)` with the byte range of each token of `text`, in order.
pub fn for_each_token(text: &str, mut f: impl FnMut(usize, usize)) {
	let bytes = text.as_bytes();
	let mut run: Option<usize> = None;
	let mut at = 0;
	while at < bytes.len() {
		// ASCII (most text) is classified from the byte; anything else is decoded.
		let (len, alphanumeric, whitespace) = match bytes[at] {
			b if b.is_ascii() => (
				1,
				b.is_ascii_alphanumeric(),
				matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'),
			),
			_ => {
				let c = text[at..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
				(c.len_utf8(), c.is_alphanumeric(), c.is_whitespace())
			},
		};
		if alphanumeric {
			run.get_or_insert(at);
		} else {
			if let Some(start) = run.take() {
				f(start, at);
			}
			if !whitespace {
				f(at, at + len);
			}
		}
		at += len;
	}
	if let Some(start) = run {
		f(start, text.len());
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn tokens(text: &str) -> Vec<&str> {
		token_ranges(text).into_iter().map(|(s, e)| &text[s..e]).collect()
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

	/// The definition in the module docs, character by character.
	fn reference(text: &str) -> Vec<&str> {
		let mut out = Vec::new();
		let mut run: Option<usize> = None;
		for (at, c) in text.char_indices() {
			if c.is_alphanumeric() {
				run.get_or_insert(at);
				continue;
			}
			if let Some(start) = run.take() {
				out.push(&text[start..at]);
			}
			if !c.is_whitespace() {
				out.push(&text[at..at + c.len_utf8()]);
			}
		}
		if let Some(start) = run {
			out.push(&text[start..]);
		}
		out
	}

	#[test]
	fn the_ascii_fast_path_agrees_with_the_definition() {
		let alphabet: Vec<char> =
			"aZ09 \t\n\r\x0b\x0c.,'-é東\u{85}\u{a0}\u{2003}→ﬁ\u{fffd}".chars().collect();
		let mut x = 1u64;
		for _ in 0..2_000 {
			let text: String = (0..40)
				.map(|_| {
					x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
					alphabet[(x >> 33) as usize % alphabet.len()]
				})
				.collect();
			assert_eq!(tokens(&text), reference(&text), "{text:?}");
		}
	}

	#[test]
	fn whitespace_does_not_change_tokens() {
		assert_eq!(tokens("a ,b\n\nc"), tokens("a, b c"));
	}
}
