//! Reports Aura equivocations: a validator that signs two different blocks for one slot.
//!
//! GRANDPA's voter reports double votes by itself; Aura's import queue only logs a block that
//! equivocates. This task watches every imported block, remembers which blocks it saw for each
//! recent slot, and when a second block of a slot arrives whose pre-seal header differs, reports
//! the slot's author through the runtime's `AuraEquivocationApi`. The report is an unsigned
//! transaction accepted only from the local pool, so only a validator's report gets into a block
//! (when it authors); the runtime checks both seals and the author's key before anything happens.
//!
//! What is remembered lives in memory only: an equivocation that straddles a restart of this
//! node is left to the other validators.

use std::{collections::BTreeMap, sync::Arc};

use futures::StreamExt;
use openledger_runtime::opaque::{Block, Header};
use pallet_aura_equivocation_runtime_api::{AuraEquivocationApi, EquivocationProof};
use sc_client_api::{BlockchainEvents, HeaderBackend};
use sc_transaction_pool_api::OffchainTransactionPoolFactory;
use sp_api::{ApiExt, ProvideRuntimeApi};
use sp_consensus_aura::{
	sr25519::{AuthorityId as AuraId, AuthorityPair as AuraPair, AuthoritySignature},
	AuraApi, Slot,
};
use sp_runtime::traits::Header as _;

use crate::service::FullClient;

const LOG_TARGET: &str = "aura-equivocation";

/// Slots further back than this are forgotten: an hour of 6-second slots.
const REMEMBERED_SLOTS: u64 = 600;

/// Watches imported blocks for as long as the node runs, reporting each equivocation once.
pub async fn report_equivocations(
	client: Arc<FullClient>,
	pool: OffchainTransactionPoolFactory<Block>,
) {
	let mut imports = client.import_notification_stream();
	let mut seen = SeenHeaders::default();
	while let Some(imported) = imports.next().await {
		for (first, second, slot) in seen.note(imported.header) {
			match report(&client, &pool, slot, first, second) {
				Ok(author) => log::info!(
					target: LOG_TARGET,
					"reported Aura key {author} for signing two blocks in slot {slot}"
				),
				Err(reason) => log::warn!(
					target: LOG_TARGET,
					"could not report an equivocation in slot {slot}: {reason}"
				),
			}
		}
	}
}

/// The headers seen for each recent slot, by their pre-seal hash.
#[derive(Default)]
struct SeenHeaders {
	slots: BTreeMap<Slot, Vec<(sp_core::H256, Header)>>,
}

impl SeenHeaders {
	/// Remembers `header`; returns the pairs it makes with earlier, different blocks of its slot.
	fn note(&mut self, header: Header) -> Vec<(Header, Header, Slot)> {
		let Some((slot, pre_hash)) = slot_and_pre_hash(&header) else { return Vec::new() };
		// Forget slots that fell out of the window, now that time has moved on to `slot`.
		let oldest = Slot::from(slot.saturating_sub(REMEMBERED_SLOTS));
		self.slots = self.slots.split_off(&oldest);
		let seen = self.slots.entry(slot).or_default();
		if seen.iter().any(|(h, _)| *h == pre_hash) {
			return Vec::new();
		}
		let pairs = seen.iter().map(|(_, first)| (first.clone(), header.clone(), slot)).collect();
		seen.push((pre_hash, header));
		pairs
	}
}

/// The Aura slot of a sealed header and the hash the author signed.
fn slot_and_pre_hash(header: &Header) -> Option<(Slot, sp_core::H256)> {
	let (slot, _, pre_hash) =
		pallet_aura_equivocation::sealed_slot::<_, AuthoritySignature>(header)?;
	Some((slot, pre_hash))
}

/// Submits the report of the author of `slot` to the local pool.
fn report(
	client: &FullClient,
	pool: &OffchainTransactionPoolFactory<Block>,
	slot: Slot,
	first_header: Header,
	second_header: Header,
) -> Result<AuraId, String> {
	// One runtime-API instance per block it calls into: an instance is tied to its first block.
	let authorities = client
		.runtime_api()
		.authorities(*second_header.parent_hash())
		.map_err(|e| format!("no Aura authorities at the block's parent: {e}"))?;
	let offender = sc_consensus_aura::standalone::slot_author::<AuraPair>(slot, &authorities)
		.ok_or("no authorities")?
		.clone();
	let best = client.info().best_hash;
	let mut api = client.runtime_api();
	api.register_extension(pool.offchain_transaction_pool(best));
	let key_owner_proof = api
		.generate_key_ownership_proof(best, offender.clone())
		.map_err(|e| e.to_string())?
		.ok_or("the author is not a validator of the current session")?;
	let proof = EquivocationProof { offender: offender.clone(), slot, first_header, second_header };
	api.submit_report_equivocation_unsigned_extrinsic(best, proof, key_owner_proof)
		.map_err(|e| e.to_string())?
		.ok_or("the pool refused the report")?;
	Ok(offender)
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::Pair;

	fn sealed(pair: &AuraPair, slot: u64, state_root: u8) -> Header {
		let header = Header::new(
			1,
			Default::default(),
			sp_core::H256::repeat_byte(state_root),
			Default::default(),
			Default::default(),
		);
		pallet_aura_equivocation::seal_header(header, slot.into(), |hash| Some(pair.sign(hash)))
			.unwrap()
	}

	#[test]
	fn a_second_block_of_a_slot_makes_a_pair_and_the_same_block_does_not() {
		let dave = AuraPair::from_string("//Dave", None).unwrap();
		let mut seen = SeenHeaders::default();
		assert!(seen.note(sealed(&dave, 10, 1)).is_empty());
		// The same block sealed again (sr25519 seals differ) is one block.
		assert!(seen.note(sealed(&dave, 10, 1)).is_empty());
		assert!(seen.note(sealed(&dave, 11, 1)).is_empty());
		let pairs = seen.note(sealed(&dave, 10, 2));
		assert_eq!(pairs.len(), 1);
		assert_eq!(pairs[0].2, Slot::from(10));
		// Unsealed headers are ignored.
		let mut unsealed = sealed(&dave, 10, 3);
		unsealed.digest_mut().pop();
		assert!(seen.note(unsealed).is_empty());
	}

	#[test]
	fn old_slots_are_forgotten() {
		let dave = AuraPair::from_string("//Dave", None).unwrap();
		let mut seen = SeenHeaders::default();
		seen.note(sealed(&dave, 10, 1));
		seen.note(sealed(&dave, 10 + REMEMBERED_SLOTS + 1, 1));
		assert_eq!(seen.slots.len(), 1);
	}
}
