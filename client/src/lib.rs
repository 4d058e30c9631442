//! A native client for OpenLedger nodes, shared by `openledger-attribute` and
//! `openledger-loadgen`.
//!
//! [`rpc`] speaks JSON-RPC over HTTP/1.1 with the standard library alone (no async runtime and no
//! dependency feature that the node's build lacks). [`chain`] puts the runtime's own types on
//! top: typed runtime-API calls, signed transactions followed to their block, blocks and events.

pub mod chain;
pub mod rpc;
pub mod witness;

pub use chain::{signer, Chain, Included};
pub use rpc::{Error, Rpc};

/// `bytes` as `0x`-prefixed lower-case hex, the form JSON-RPC takes.
pub fn hex(bytes: &[u8]) -> String {
	use core::fmt::Write;
	let mut out = String::with_capacity(bytes.len().saturating_mul(2).saturating_add(2));
	out.push_str("0x");
	for byte in bytes {
		let _ = write!(out, "{byte:02x}");
	}
	out
}

/// The bytes of a `0x`-prefixed (or bare) hex string; `what` names it in the error.
pub fn unhex(text: &str, what: &str) -> Result<Vec<u8>, Error> {
	let digits = text.strip_prefix("0x").unwrap_or(text);
	if !digits.len().is_multiple_of(2) {
		return Err(format!("{what}: odd number of hex digits"));
	}
	(0..digits.len())
		.step_by(2)
		.map(|i| {
			digits
				.get(i..i.saturating_add(2))
				.and_then(|pair| u8::from_str_radix(pair, 16).ok())
				.ok_or_else(|| format!("{what}: bad hex"))
		})
		.collect()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn hex_round_trips() {
		assert_eq!(hex(&[0, 0xab, 0x10]), "0x00ab10");
		assert_eq!(unhex("0x00ab10", "x").unwrap(), vec![0, 0xab, 0x10]);
		assert_eq!(unhex("ff", "x").unwrap(), vec![0xff]);
		assert!(unhex("0xabc", "x").is_err());
		assert!(unhex("0xzz", "x").is_err());
	}
}
