//! A minimal JSON-RPC client over HTTP/1.1, on the standard library alone: the node's RPC port
//! answers HTTP and WebSocket alike. One request per connection; many calls go in one batch.

use serde_json::{json, Value};
use std::{
	io::{Read, Write},
	net::{TcpStream, ToSocketAddrs},
	time::Duration,
};

/// Where the node's RPC listens.
pub struct Rpc {
	host: String,
	port: u16,
	path: String,
}

/// A failed call, in words for the user.
pub type Error = String;

impl Rpc {
	/// `url` is `http://host:port[/path]`; `ws://` is accepted for the same port.
	pub fn new(url: &str) -> Result<Rpc, Error> {
		let rest = url
			.strip_prefix("http://")
			.or_else(|| url.strip_prefix("ws://"))
			.ok_or_else(|| format!("unsupported URL {url:?}: use http://host:port"))?;
		let (authority, path) = rest
			.split_once('/')
			.map_or((rest, "/".to_owned()), |(a, p)| (a, format!("/{p}")));
		let (host, port) = match authority.rsplit_once(':') {
			Some((host, port)) =>
				(host, port.parse().map_err(|_| format!("bad port in URL {url:?}"))?),
			None => (authority, 80),
		};
		Ok(Rpc { host: host.to_owned(), port, path })
	}

	/// Calls `method` with `params` and returns its `result`; a JSON-RPC error is an `Err`
	/// carrying its code and message.
	pub fn call(&self, method: &str, params: Value) -> Result<Value, Error> {
		let body =
			json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params }).to_string();
		let response = self.post(&body).map_err(|e| {
			format!("cannot reach the node at {}:{} ({method}): {e}", self.host, self.port)
		})?;
		let mut reply: Value = serde_json::from_slice(&response)
			.map_err(|e| format!("the node's answer to {method} is not JSON: {e}"))?;
		if let Some(error) = reply.get("error") {
			return Err(format!("{method} failed: {error}"));
		}
		reply
			.get_mut("result")
			.map(Value::take)
			.ok_or_else(|| format!("the node's answer to {method} has no result"))
	}

	/// Calls `method` once per element of `params` in one JSON-RPC batch (one HTTP request) and
	/// returns each call's `result` or error, in order.
	pub fn call_batch(
		&self,
		method: &str,
		params: &[Value],
	) -> Result<Vec<Result<Value, Error>>, Error> {
		let calls: Vec<Value> = params
			.iter()
			.enumerate()
			.map(|(id, p)| json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": p }))
			.collect();
		let response = self.post(&Value::Array(calls).to_string()).map_err(|e| {
			format!("cannot reach the node at {}:{} ({method} batch): {e}", self.host, self.port)
		})?;
		let reply: Value = serde_json::from_slice(&response)
			.map_err(|e| format!("the node's answer to a {method} batch is not JSON: {e}"))?;
		let Value::Array(replies) = reply else {
			return Err(format!("the node refused the {method} batch: {reply}"));
		};
		// Replies may come in any order: they are matched to calls by id.
		let mut results: Vec<Result<Value, Error>> =
			params.iter().map(|_| Err("no reply".to_owned())).collect();
		for mut reply in replies {
			let id = reply.get("id").and_then(Value::as_u64).and_then(|i| usize::try_from(i).ok());
			let Some(slot) = id.and_then(|i| results.get_mut(i)) else { continue };
			*slot = match reply.get("error") {
				Some(error) => Err(error.to_string()),
				None => reply.get_mut("result").map(Value::take).ok_or_else(|| "no result".into()),
			};
		}
		Ok(results)
	}

	/// One HTTP POST; the response body.
	fn post(&self, body: &str) -> std::io::Result<Vec<u8>> {
		let address = (self.host.as_str(), self.port)
			.to_socket_addrs()?
			.next()
			.ok_or_else(|| std::io::Error::other("no address"))?;
		let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(10))?;
		stream.set_read_timeout(Some(Duration::from_secs(60)))?;
		write!(
			stream,
			"POST {} HTTP/1.1\r\nHost: {}:{}\r\nContent-Type: application/json\r\n\
			 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
			self.path,
			self.host,
			self.port,
			body.len()
		)?;
		let mut raw = Vec::new();
		stream.read_to_end(&mut raw)?;
		parse_response(&raw).map_err(std::io::Error::other)
	}
}

/// The body of an HTTP/1.1 response with status 200 (plain or chunked).
fn parse_response(raw: &[u8]) -> Result<Vec<u8>, String> {
	let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or("no HTTP header")?;
	let head = String::from_utf8_lossy(raw.get(..split).unwrap_or_default()).to_ascii_lowercase();
	let body = raw.get(split.saturating_add(4)..).unwrap_or_default();
	let status = head.lines().next().unwrap_or_default();
	if !status.contains(" 200") {
		return Err(format!("HTTP status {status:?}"));
	}
	if !head.contains("transfer-encoding: chunked") {
		return Ok(body.to_vec());
	}
	let (mut out, mut rest) = (Vec::new(), body);
	loop {
		let line_end = rest.windows(2).position(|w| w == b"\r\n").ok_or("bad chunk")?;
		let size_text =
			String::from_utf8_lossy(rest.get(..line_end).unwrap_or_default()).into_owned();
		let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
			.map_err(|_| "bad chunk size")?;
		if size == 0 {
			return Ok(out);
		}
		// The size comes from the network: checked, so a huge one is an error, not a wrap.
		let start = line_end.saturating_add(2);
		let end = start.checked_add(size).ok_or("bad chunk size")?;
		out.extend_from_slice(rest.get(start..end).ok_or("truncated chunk")?);
		rest = rest.get(end.saturating_add(2)..).ok_or("truncated chunk")?;
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn urls() {
		let rpc = Rpc::new("ws://127.0.0.1:9944").unwrap();
		assert_eq!((rpc.host.as_str(), rpc.port, rpc.path.as_str()), ("127.0.0.1", 9944, "/"));
		assert_eq!(Rpc::new("http://node:1/rpc").unwrap().path, "/rpc");
		assert!(Rpc::new("https://node:1").is_err());
		assert!(Rpc::new("http://node:x").is_err());
	}

	#[test]
	fn plain_and_chunked_bodies() {
		let plain = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}";
		assert_eq!(parse_response(plain).unwrap(), b"{}");
		let chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{\"a\r\n4\r\n\":1}\r\n0\r\n\r\n";
		assert_eq!(parse_response(chunked).unwrap(), b"{\"a\":1}");
		assert!(parse_response(b"HTTP/1.1 500 Oops\r\n\r\n").is_err());
		assert!(
			parse_response(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").is_err()
		);
		let huge = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nx";
		assert!(parse_response(huge).is_err());
	}
}
