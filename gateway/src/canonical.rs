//! The request hash a consumer pays with: `requestHash` of `attribution.requestInference` is
//! the BLAKE2-256 of the request body in canonical form, so that the gateway can check that a
//! request is the one that was paid for, however the consumer's library spaced or ordered it.
//!
//! The canonical form is the body's JSON value without its top-level `openledger` member (which
//! names the inference and so cannot be part of what the inference commits to), written as
//! RFC 8785, the JSON Canonicalization Scheme: no whitespace, object members sorted by their
//! names' UTF-16 code units, strings escaped as `JSON.stringify` escapes them, numbers written
//! as JavaScript writes them (`20`, `0.5`, `1e+21`). JavaScript has it as the `canonicalize`
//! package, Python as `rfc8785`.

use openledger_attribution_engine::blake2_256;
use serde_json::Value;

/// The top-level member that names the paid inference, outside what is hashed.
pub const MEMBER: &str = "openledger";

/// The canonical form of `body`: RFC 8785 of it without [`MEMBER`].
pub fn canonical(body: &Value) -> Result<Vec<u8>, String> {
	let mut out = String::new();
	match body {
		Value::Object(members) => {
			let kept: Vec<(&String, &Value)> =
				members.iter().filter(|(name, _)| *name != MEMBER).collect();
			write_object(&kept, &mut out)?;
		},
		other => write(other, &mut out)?,
	}
	Ok(out.into_bytes())
}

/// BLAKE2-256 of the canonical form of `body`: the `requestHash` to pay with.
pub fn request_hash(body: &Value) -> Result<[u8; 32], String> {
	canonical(body).map(|bytes| blake2_256(&bytes))
}

fn write(value: &Value, out: &mut String) -> Result<(), String> {
	match value {
		Value::Null => out.push_str("null"),
		Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
		Value::Number(n) => {
			// JavaScript's numbers are doubles: so are the canonical form's.
			let double = n.as_f64().filter(|d| d.is_finite()).ok_or("a number out of range")?;
			out.push_str(ryu_js::Buffer::new().format_finite(double));
		},
		// serde_json escapes as RFC 8785 asks: `"`, `\` and control characters only, these
		// with the short escapes where JSON has them and `\u00xx` in lower case otherwise.
		Value::String(s) => out.push_str(&serde_json::to_string(s).map_err(|e| e.to_string())?),
		Value::Array(items) => {
			out.push('[');
			for (i, item) in items.iter().enumerate() {
				if i > 0 {
					out.push(',');
				}
				write(item, out)?;
			}
			out.push(']');
		},
		Value::Object(members) => write_object(&members.iter().collect::<Vec<_>>(), out)?,
	}
	Ok(())
}

fn write_object(members: &[(&String, &Value)], out: &mut String) -> Result<(), String> {
	let mut sorted = members.to_vec();
	sorted.sort_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
	out.push('{');
	for (i, (name, value)) in sorted.into_iter().enumerate() {
		if i > 0 {
			out.push(',');
		}
		out.push_str(&serde_json::to_string(name).map_err(|e| e.to_string())?);
		out.push(':');
		write(value, out)?;
	}
	out.push('}');
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::json;

	fn text(value: &Value) -> String {
		String::from_utf8(canonical(value).unwrap()).unwrap()
	}

	#[test]
	fn spacing_order_and_the_openledger_member_do_not_change_the_hash() {
		let a: Value = serde_json::from_str(
			r#"{ "model": "3", "max_tokens": 20,
			     "messages": [{"role": "user", "content": "fever?"}],
			     "openledger": {"inference": 7} }"#,
		)
		.unwrap();
		let b: Value = serde_json::from_str(
			r#"{"messages":[{"content":"fever?","role":"user"}],"max_tokens":20.0,"model":"3"}"#,
		)
		.unwrap();
		assert_eq!(
			text(&a),
			r#"{"max_tokens":20,"messages":[{"content":"fever?","role":"user"}],"model":"3"}"#
		);
		assert_eq!(request_hash(&a).unwrap(), request_hash(&b).unwrap());
		let c = json!({ "model": "3", "max_tokens": 21,
			"messages": [{"role": "user", "content": "fever?"}] });
		assert_ne!(request_hash(&a).unwrap(), request_hash(&c).unwrap());
	}

	#[test]
	fn the_examples_of_rfc_8785() {
		// Section 3.2.2.3's numbers and strings, and 3.2.3's member order (UTF-16 code units:
		// U+1F600 sorts before U+FB33, unlike in UTF-8).
		let numbers: Value = serde_json::from_str(
			"[333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001, 1e21, -0, 100]",
		)
		.unwrap();
		assert_eq!(text(&numbers), "[333333333.3333333,1e+30,4.5,0.002,1e-27,1e+21,0,100]");
		let strings = json!({ "s": "\u{20ac}$\u{000f}\nA'B\"\\\\\"/", "t": "\u{7f}é" });
		assert_eq!(
			text(&strings),
			"{\"s\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\",\"t\":\"\u{7f}é\"}"
		);
		let order = json!({ "\u{fb33}": 1, "\u{1f600}": 2, "\r": 3, "1": 4, "\u{80}": 5, "ö": 6 });
		assert_eq!(
			text(&order),
			"{\"\\r\":3,\"1\":4,\"\u{80}\":5,\"ö\":6,\"\u{1f600}\":2,\"\u{fb33}\":1}"
		);
	}
}
