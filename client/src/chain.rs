//! What a client reads from and sends to an OpenLedger node: typed runtime-API calls through
//! `state_call`, signed transactions followed to their block, blocks, events and storage.
//!
//! The types are the runtime's own (this crate links `openledger-runtime`), so a call or an
//! event that the node's runtime would encode differently is caught by the version check in
//! [`Chain::connect`] instead of being misread.

use crate::{
	hex as hex_param,
	rpc::{Error, Rpc},
	unhex,
};
use codec::{Decode, Encode};
use openledger_runtime::{
	Hash, Runtime, RuntimeCall, RuntimeError, RuntimeEvent, UncheckedExtrinsic, SS58_PREFIX,
	VERSION,
};
use pallet_attribution::{AttributionRecord, Challenge, Inference, OutputBase, PendingInference};
use pallet_datanets::{Contribution, Version};
use pallet_models::{LineageEntry, Model, ModelVersionInfo};
use serde_json::{json, Value};
use sp_core::{crypto::Ss58Codec, sr25519, Pair};
use sp_runtime::{generic::Era, DispatchError};
use std::time::{Duration, Instant};

/// Contributions fetched per `version_contributions` call (the API's page limit).
const PAGE: u32 = 256;
/// How long to wait for a transaction to be included.
const INCLUSION_TIMEOUT: Duration = Duration::from_secs(120);

/// A connection to a node whose runtime this tool was built for.
pub struct Chain {
	rpc: Rpc,
}

/// A transaction in a block, and what it did.
pub struct Included {
	/// The block's hash.
	pub block: Hash,
	/// The block's number.
	pub number: u64,
	/// The events the transaction emitted, in order.
	pub events: Vec<RuntimeEvent>,
	/// Why it failed, if it did.
	pub failure: Option<String>,
}

/// The bytes of a JSON hex string.
pub fn bytes_of(value: &Value, what: &str) -> Result<Vec<u8>, Error> {
	unhex(value.as_str().ok_or_else(|| format!("{what}: expected a hex string"))?, what)
}

/// A JSON number, or a hex string as block numbers come.
pub fn number_of(value: &Value, what: &str) -> Result<u64, Error> {
	match value {
		Value::Number(n) => n.as_u64().ok_or_else(|| format!("{what}: not a number")),
		Value::String(s) => u64::from_str_radix(s.trim_start_matches("0x"), 16)
			.map_err(|_| format!("{what}: not a number")),
		_ => Err(format!("{what}: not a number")),
	}
}

impl Chain {
	/// Connects to the node at `url` and checks that it runs the runtime this tool encodes
	/// for (same spec and transaction versions).
	pub fn connect(url: &str) -> Result<Chain, Error> {
		sp_core::crypto::set_default_ss58_version(SS58_PREFIX.into());
		let chain = Chain { rpc: Rpc::new(url)? };
		let version = chain.rpc.call("state_getRuntimeVersion", json!([]))?;
		let spec = version.get("specVersion").and_then(Value::as_u64);
		let tx = version.get("transactionVersion").and_then(Value::as_u64);
		if spec != Some(VERSION.spec_version.into()) ||
			tx != Some(VERSION.transaction_version.into())
		{
			return Err(format!(
				"the node runs runtime spec {spec:?} (transactions {tx:?}); this client was built \
				 for spec {} (transactions {}): use the one built with the node's runtime",
				VERSION.spec_version, VERSION.transaction_version
			));
		}
		Ok(chain)
	}

	/// The JSON-RPC connection, for calls this type has no method for.
	pub fn rpc(&self) -> &Rpc {
		&self.rpc
	}

	/// Calls runtime API function `name` (`Trait_method`) with SCALE-encoded `args` at the
	/// best block.
	fn runtime_call<R: Decode>(&self, name: &str, args: impl Encode) -> Result<R, Error> {
		let result = self.rpc.call("state_call", json!([name, hex_param(&args.encode())]))?;
		let bytes = bytes_of(&result, name)?;
		R::decode(&mut &bytes[..]).map_err(|e| format!("cannot decode the answer of {name}: {e}"))
	}

	/// Version `version` of Datanet `datanet`, if published.
	pub fn version(&self, datanet: u32, version: u32) -> Result<Option<Version<Runtime>>, Error> {
		self.runtime_call("DatanetsApi_version", (datanet, version))
	}

	/// The contributions of a published version, in acceptance order (all pages).
	pub fn version_contributions(
		&self,
		datanet: u32,
		version: u32,
		count: u64,
	) -> Result<Vec<(u64, Contribution<Runtime>)>, Error> {
		let mut all = Vec::new();
		while (all.len() as u64) < count {
			let page: Vec<(u64, Contribution<Runtime>)> = self.runtime_call(
				"DatanetsApi_version_contributions",
				(datanet, version, all.len() as u64, PAGE),
			)?;
			if page.is_empty() {
				return Err(format!(
					"the node returned {} of the version's {count} contributions",
					all.len()
				));
			}
			all.extend(page);
		}
		Ok(all)
	}

	/// The effective lineage of a model version (an adapter's own entries and its base's).
	pub fn lineage(&self, model: u32, version: u32) -> Result<Vec<LineageEntry>, Error> {
		self.runtime_call("ModelsApi_lineage", (model, version))
	}

	/// Model `id`, if it is registered.
	pub fn model(&self, id: u32) -> Result<Option<Model<Runtime>>, Error> {
		self.runtime_call("ModelsApi_model", id)
	}

	/// Version `version` of model `id`: its artifact hash, its own lineage and, for an
	/// adapter, the base model version it was trained on.
	pub fn model_version(
		&self,
		id: u32,
		version: u32,
	) -> Result<Option<ModelVersionInfo<Runtime>>, Error> {
		self.runtime_call("ModelsApi_version", (id, version))
	}

	/// A paid inference not yet settled.
	pub fn pending(&self, inference: u64) -> Result<Option<PendingInference<Runtime>>, Error> {
		self.runtime_call("AttributionApi_pending_inference", inference)
	}

	/// A settled inference's record, while it is retained.
	pub fn record(&self, inference: u64) -> Result<Option<AttributionRecord<Runtime>>, Error> {
		self.runtime_call("AttributionApi_record", inference)
	}

	/// Contribution `id`, in any state.
	pub fn contribution(&self, id: u64) -> Result<Option<Contribution<Runtime>>, Error> {
		self.runtime_call("DatanetsApi_contribution", id)
	}

	/// Open challenge `number` of a settled inference, at the best block.
	pub fn challenge(
		&self,
		inference: u64,
		number: u32,
	) -> Result<Option<Challenge<Runtime>>, Error> {
		self.map_value(&pallet_attribution::Challenges::<Runtime>::hashed_key_for(
			inference, number,
		))
	}

	/// The stored state of an inference (pending, settled, voided), at the best block.
	pub fn inference(&self, inference: u64) -> Result<Option<Inference<Runtime>>, Error> {
		self.map_value(&pallet_attribution::Inferences::<Runtime>::hashed_key_for(inference))
	}

	/// Where `provider` publishes the outputs it settles, if it set a base, at the best block.
	pub fn output_base(
		&self,
		provider: &openledger_runtime::AccountId,
	) -> Result<Option<OutputBase<Runtime>>, Error> {
		self.map_value(&pallet_attribution::OutputBases::<Runtime>::hashed_key_for(provider))
	}

	/// The hash of the best block.
	pub fn best_hash(&self) -> Result<Hash, Error> {
		self.block_hash(self.best_number()?)?
			.ok_or_else(|| "the best block has no hash".into())
	}

	/// The value at storage `key` (a map entry's whole key) in the best block, decoded.
	pub fn map_value<V: Decode>(&self, key: &[u8]) -> Result<Option<V>, Error> {
		let best = self.best_hash()?;
		self.storage(key, best)?
			.map(|bytes| V::decode(&mut &bytes[..]).map_err(|e| format!("cannot decode: {e}")))
			.transpose()
	}

	/// The next nonce of `who`, counting its transactions in the pool.
	pub fn next_nonce(&self, who: &sr25519::Public) -> Result<u32, Error> {
		let nonce = self.rpc.call("system_accountNextIndex", json!([who.to_ss58check()]))?;
		u32::try_from(number_of(&nonce, "nonce")?).map_err(|_| "nonce too large".into())
	}

	/// The hash of the genesis block, which every transaction signs.
	pub fn genesis_hash(&self) -> Result<Hash, Error> {
		self.block_hash(0)?.ok_or_else(|| "the node has no genesis block".into())
	}

	/// The hash of block `number` on the best chain, if it exists yet.
	pub fn block_hash(&self, number: u64) -> Result<Option<Hash>, Error> {
		let hash = self.rpc.call("chain_getBlockHash", json!([number]))?;
		if hash.is_null() {
			return Ok(None);
		}
		let bytes = bytes_of(&hash, "block hash")?;
		Ok(Some(Hash::from_slice(bytes.get(..32).ok_or("short block hash")?)))
	}

	/// `call` signed by `signer` with `nonce`, immortal.
	pub fn sign(
		&self,
		signer: &sr25519::Pair,
		call: RuntimeCall,
		nonce: u32,
		genesis: Hash,
	) -> UncheckedExtrinsic {
		openledger_runtime::signing::signed_extrinsic(
			signer,
			call,
			nonce,
			Era::Immortal,
			genesis,
			genesis,
		)
	}

	/// Signs `call` with `signer`, submits it, and waits for the block that includes it.
	pub fn submit(&self, signer: &sr25519::Pair, call: RuntimeCall) -> Result<Included, Error> {
		self.submit_all(signer, vec![call])?
			.pop()
			.unwrap_or_else(|| Err("nothing was submitted".into()))
	}

	/// Signs `calls` with `signer` with consecutive nonces, submits them all at once, and waits
	/// for the blocks that include them: each call's outcome, in order. A call the node refused
	/// or that was not included in time is an `Err` (and so, then, are the calls after it,
	/// whose nonces wait for its).
	pub fn submit_all(
		&self,
		signer: &sr25519::Pair,
		calls: Vec<RuntimeCall>,
	) -> Result<Vec<Result<Included, Error>>, Error> {
		let nonce = self.next_nonce(&signer.public())?;
		let genesis = self.genesis_hash()?;
		let from = self.best_number()?;
		let mut outcomes: Vec<Option<Result<Included, Error>>> = Vec::new();
		let mut waiting = Vec::new();
		for (nonce, call) in (nonce..).zip(calls) {
			let encoded = hex_param(&self.sign(signer, call, nonce, genesis).encode());
			match self.rpc.call("author_submitExtrinsic", json!([encoded])) {
				Ok(_) => {
					waiting.push((outcomes.len(), encoded));
					outcomes.push(None);
				},
				Err(e) => outcomes.push(Some(Err(e))),
			}
		}
		// Follow the best chain from the block before the first submission.
		let started = Instant::now();
		let mut next = from.saturating_add(1);
		while !waiting.is_empty() && started.elapsed() < INCLUSION_TIMEOUT {
			while next <= self.best_number()? && !waiting.is_empty() {
				let hash = self.block_hash(next)?.ok_or("a block vanished from the best chain")?;
				let extrinsics = self.block_extrinsics(hash)?;
				let encoded: Vec<String> = extrinsics.iter().map(|e| hex_param(e)).collect();
				let mut still = Vec::new();
				for (slot, mine) in waiting {
					match encoded.iter().position(|e| *e == mine) {
						Some(index) =>
							if let Some(outcome) = outcomes.get_mut(slot) {
								*outcome = Some(self.outcome(hash, next, index as u32));
							},
						None => still.push((slot, mine)),
					}
				}
				waiting = still;
				next = next.saturating_add(1);
			}
			if !waiting.is_empty() {
				std::thread::sleep(Duration::from_millis(250));
			}
		}
		Ok(outcomes
			.into_iter()
			.map(|outcome| {
				outcome.unwrap_or_else(|| {
					Err(format!(
						"the transaction was not included within {}s",
						INCLUSION_TIMEOUT.as_secs()
					))
				})
			})
			.collect())
	}

	/// Agent `id`, if it is registered.
	pub fn agent(&self, id: u32) -> Result<Option<pallet_agents::Agent<Runtime>>, Error> {
		self.runtime_call("AgentsApi_agent", id)
	}

	/// Task `id`, open or closed, if it is not cleared.
	pub fn task(&self, id: u64) -> Result<Option<pallet_agents::Task<Runtime>>, Error> {
		self.runtime_call("AgentsApi_task", id)
	}

	/// The stored states of `inferences` (pending, settled, voided), at the best block, in one
	/// request.
	pub fn inferences(&self, inferences: &[u64]) -> Result<Vec<Option<Inference<Runtime>>>, Error> {
		let best = hex_param(self.best_hash()?.as_bytes());
		let params: Vec<Value> = inferences
			.iter()
			.map(|id| {
				let key = pallet_attribution::Inferences::<Runtime>::hashed_key_for(id);
				json!([hex_param(&key), best])
			})
			.collect();
		self.rpc
			.call_batch("state_getStorage", &params)?
			.into_iter()
			.map(|reply| match reply? {
				Value::Null => Ok(None),
				raw => Inference::decode(&mut &bytes_of(&raw, "inference")?[..])
					.map(Some)
					.map_err(|e| format!("cannot decode an inference: {e}")),
			})
			.collect()
	}

	/// The number of the best block.
	pub fn best_number(&self) -> Result<u64, Error> {
		let header = self.rpc.call("chain_getHeader", json!([]))?;
		number_of(header.get("number").unwrap_or(&Value::Null), "block number")
	}

	/// The extrinsics of block `hash`, SCALE-encoded, in order.
	pub fn block_extrinsics(&self, hash: Hash) -> Result<Vec<Vec<u8>>, Error> {
		let block = self.rpc.call("chain_getBlock", json!([hex_param(hash.as_bytes())]))?;
		block
			.pointer("/block/extrinsics")
			.and_then(Value::as_array)
			.ok_or("the node's block has no extrinsics list")?
			.iter()
			.map(|e| bytes_of(e, "extrinsic"))
			.collect()
	}

	/// The raw value at storage `key` in block `at`, if any.
	pub fn storage(&self, key: &[u8], at: Hash) -> Result<Option<Vec<u8>>, Error> {
		let raw = self
			.rpc
			.call("state_getStorage", json!([hex_param(key), hex_param(at.as_bytes())]))?;
		if raw.is_null() {
			return Ok(None);
		}
		bytes_of(&raw, "storage value").map(Some)
	}

	/// A storage value of the runtime's, decoded; `None` if unset.
	pub fn storage_value<V: Decode>(
		&self,
		pallet: &[u8],
		item: &[u8],
		at: Hash,
	) -> Result<Option<V>, Error> {
		let key = frame_support::storage::storage_prefix(pallet, item);
		self.storage(&key, at)?
			.map(|bytes| {
				V::decode(&mut &bytes[..]).map_err(|e| {
					format!(
						"cannot decode {}::{}: {e}",
						String::from_utf8_lossy(pallet),
						String::from_utf8_lossy(item)
					)
				})
			})
			.transpose()
	}

	/// Every event of block `at`, with the phase it was emitted in.
	pub fn events(
		&self,
		at: Hash,
	) -> Result<Vec<frame_system::EventRecord<RuntimeEvent, Hash>>, Error> {
		// `System::Events`, whose storage type frame-system keeps private.
		Ok(self.storage_value(b"System", b"Events", at)?.unwrap_or_default())
	}

	/// The events of extrinsic `index` in `block`, and its failure if it failed.
	fn outcome(&self, block: Hash, number: u64, index: u32) -> Result<Included, Error> {
		let events: Vec<RuntimeEvent> = self
			.events(block)?
			.into_iter()
			.filter(|r| r.phase == frame_system::Phase::ApplyExtrinsic(index))
			.map(|r| r.event)
			.collect();
		let failure = events.iter().find_map(|e| match e {
			RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
				dispatch_error, ..
			}) => Some(explain(*dispatch_error)),
			_ => None,
		});
		Ok(Included { block, number, events, failure })
	}
}

/// A dispatch error by name, e.g. `Attribution(OutsideLineage)`.
pub fn explain(error: DispatchError) -> String {
	match RuntimeError::from_dispatch_error(error) {
		Some(named) => format!("{named:?}"),
		None => format!("{error:?}"),
	}
}

/// The signer of a secret seed or URI (`//Eve`, a mnemonic, `0x…` seed).
pub fn signer(seed: &str) -> Result<sr25519::Pair, Error> {
	sr25519::Pair::from_string(seed, None).map_err(|e| format!("invalid seed: {e:?}"))
}
