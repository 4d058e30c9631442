//! Shared helpers: genesis from a real preset, and real blocks driven through `Executive`.

#![allow(dead_code)]

use codec::Encode;
use frame_support::traits::Get;
use openledger_runtime::{
	genesis_config_presets, AccountId, Executive, Hash, Header, Runtime, RuntimeCall,
	RuntimeGenesisConfig, System, UncheckedExtrinsic,
};
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_core::{sr25519, Pair};
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{generic::Era, traits::Header as _, BuildStorage, Digest, DigestItem};
use std::sync::Arc;

/// Test state built from a genesis preset exactly as the node builds it from a chain spec.
pub fn new_ext(preset: &str) -> sp_io::TestExternalities {
	new_ext_patched(preset, serde_json::Value::Null)
}

/// [`new_ext`] with `patch` merged over the preset, as a chain spec's own patch would be.
pub fn new_ext_patched(preset: &str, patch: serde_json::Value) -> sp_io::TestExternalities {
	let preset = genesis_config_presets::get_preset(&preset.into()).expect("preset exists");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	json_merge(&mut config, serde_json::from_slice(&preset).unwrap());
	if !patch.is_null() {
		json_merge(&mut config, patch);
	}
	let config: RuntimeGenesisConfig = serde_json::from_value(config).unwrap();
	let mut ext = sp_io::TestExternalities::new(config.build_storage().unwrap());
	// A new chain: its first block's parent is its genesis, not a block of an earlier one.
	LAST_HEADER_HASH.with(|h| h.set(None));
	// Session keys are generated in a keystore, as `author_rotateKeys` does on a node.
	ext.register_extension(KeystoreExt(Arc::new(MemoryKeystore::new())));
	ext
}

/// Merges a genesis patch into a full genesis config, as `sc-chain-spec` does.
pub fn json_merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (key, value) in patch {
				json_merge(base.entry(key).or_insert(serde_json::Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

thread_local! {
	/// The hash of the last block produced, the parent of the next.
	static LAST_HEADER_HASH: std::cell::Cell<Option<Hash>> = const { std::cell::Cell::new(None) };
}

/// Produces one block: the author's slot in the digest, the timestamp inherent, then `xts`.
/// Returns the result of applying each of `xts`.
pub fn produce_block(xts: Vec<UncheckedExtrinsic>) -> Vec<sp_runtime::ApplyExtrinsicResult> {
	open_block();
	let results = xts.into_iter().map(Executive::apply_extrinsic).collect();
	close_block();
	results
}

/// Starts the next block, with its slot and timestamp: extrinsics can then be applied one by
/// one with `Executive::apply_extrinsic` until [`close_block`].
pub fn open_block() {
	let number = System::block_number() + 1;
	let slot = Slot::from(u64::from(number));
	let digest = Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, slot.encode())] };
	let parent = LAST_HEADER_HASH.with(|h| h.get()).unwrap_or_else(|| System::block_hash(0));
	let header = Header::new(number, Default::default(), Default::default(), parent, digest);
	Executive::initialize_block(&header);

	let now = u64::from(number) * openledger_runtime::time::SLOT_DURATION;
	let timestamp =
		UncheckedExtrinsic::new_bare(pallet_timestamp::Call::<Runtime>::set { now }.into());
	Executive::apply_extrinsic(timestamp).unwrap().unwrap();
}

/// Finishes the block [`open_block`] started.
pub fn close_block() {
	let header = Executive::finalize_block();
	LAST_HEADER_HASH.with(|h| h.set(Some(header.hash())));
}

/// Produces empty blocks until `n` is the last block.
pub fn run_to_block(n: u32) {
	while System::block_number() < n {
		produce_block(vec![]);
	}
}

/// Produces empty blocks until the session index is `index`.
pub fn run_to_session(index: u32) {
	let period = openledger_runtime::configs::consensus::SessionPeriod::get();
	while pallet_session::CurrentIndex::<Runtime>::get() < index {
		let next = (System::block_number() / period + 1) * period;
		run_to_block(next);
	}
}

/// `call` signed by `signer` with its current nonce, immortal, no tip: what a wallet sends.
pub fn signed(signer: &sr25519::Pair, call: RuntimeCall) -> UncheckedExtrinsic {
	let nonce = System::account_nonce(AccountId::from(signer.public()));
	let genesis = System::block_hash(0);
	openledger_runtime::signing::signed_extrinsic(
		signer,
		call,
		nonce,
		Era::Immortal,
		genesis,
		genesis,
	)
}

/// `who` generates session keys in the keystore (as `author_rotateKeysWithOwner` does on a
/// node) and registers them with `session.setKeys`.
pub fn register_session_keys(who: sp_keyring::Sr25519Keyring) -> openledger_runtime::SessionKeys {
	let account = who.to_account_id();
	let generated = openledger_runtime::SessionKeys::generate(&account.encode(), None);
	frame_support::assert_ok!(openledger_runtime::Session::set_keys(
		openledger_runtime::RuntimeOrigin::signed(account),
		generated.keys.clone(),
		generated.proof.encode(),
	));
	generated.keys
}

/// The free balance of `who`.
pub fn free(who: &AccountId) -> openledger_runtime::Balance {
	pallet_balances::Pallet::<Runtime>::free_balance(who)
}

/// The transaction fees paid in the last block produced, from its `TransactionFeePaid` events.
pub fn fees_paid() -> openledger_runtime::Balance {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			openledger_runtime::RuntimeEvent::TransactionPayment(
				pallet_transaction_payment::Event::TransactionFeePaid { actual_fee, .. },
			) => Some(actual_fee),
			_ => None,
		})
		.sum()
}

/// Applies each `(signer, call)` in a block of its own; returns the fees paid and each call's
/// dispatch result. Panics if a transaction is invalid (not the same as failing).
pub fn run_signed(
	steps: Vec<(sr25519::Pair, RuntimeCall)>,
) -> (openledger_runtime::Balance, Vec<sp_runtime::DispatchResult>) {
	let mut fees = 0;
	let mut results = Vec::new();
	for (signer, call) in steps {
		let applied = produce_block(vec![signed(&signer, call)]);
		results.push(applied[0].expect("the transaction is valid"));
		fees += fees_paid();
	}
	(fees, results)
}

/// The name of the pallet error a call failed with, if it failed with one.
pub fn module_error(result: sp_runtime::DispatchResult) -> Option<&'static str> {
	match result {
		Err(sp_runtime::DispatchError::Module(sp_runtime::ModuleError { message, .. })) => message,
		_ => None,
	}
}

/// The existential deposit, for readability in assertions.
pub fn ed() -> openledger_runtime::Balance {
	<Runtime as pallet_balances::Config>::ExistentialDeposit::get()
}

/// A call contributing data number `n` (100 bytes, content hash `n` repeated) to Datanet 0.
pub fn contribute_call(n: u8) -> RuntimeCall {
	RuntimeCall::Datanets(pallet_datanets::Call::contribute {
		datanet: 0,
		content_hash: sp_core::H256::repeat_byte(n),
		size_bytes: 100,
		uri: Default::default(),
		metadata: Default::default(),
		max_deposit: openledger_runtime::Balance::MAX,
	})
}

/// A call bonding the minimum provider bond, which settling inferences requires.
pub fn bond_call() -> RuntimeCall {
	use openledger_runtime::configs::parameters::bonds::MinProviderBond;
	RuntimeCall::ProviderBonds(pallet_provider_bonds::Call::bond { amount: MinProviderBond::get() })
}

/// A call contributing `file` to Datanet 0, committed to by its content root and size (so that
/// span witnesses of it hold).
pub fn contribute_file_call(file: &[u8]) -> RuntimeCall {
	use openledger_attribution_rule::{content::Commitment, Blake2b};
	let Commitment { root, size } = Commitment::of::<Blake2b>(file);
	RuntimeCall::Datanets(pallet_datanets::Call::contribute {
		datanet: 0,
		content_hash: sp_core::H256(root),
		size_bytes: size,
		uri: Default::default(),
		metadata: Default::default(),
		max_deposit: u128::MAX,
	})
}

/// A call setting where the signer publishes outputs (`https://outputs.example/`), which
/// settling a public inference requires.
pub fn output_base_call() -> RuntimeCall {
	RuntimeCall::Attribution(pallet_attribution::Call::set_output_base {
		base: Some(b"https://outputs.example/".to_vec().try_into().unwrap()),
	})
}

/// A call registering base model `name`, trained on Datanet 0 version 1, at `inference_fee`.
pub fn register_model_call(name: &[u8], inference_fee: u128) -> RuntimeCall {
	RuntimeCall::Models(pallet_models::Call::register_model {
		name: name.to_vec().try_into().unwrap(),
		metadata_uri: Default::default(),
		kind: pallet_models::ModelKind::Base,
		artifact_hash: sp_core::H256::repeat_byte(7),
		artifact_uri: Default::default(),
		lineage: vec![pallet_models::LineageEntry { datanet: 0, version: 1 }].try_into().unwrap(),
		inference_fee,
	})
}

/// A call accepting contribution `id` into its Datanet.
pub fn accept_call(id: u64) -> RuntimeCall {
	RuntimeCall::Datanets(pallet_datanets::Call::review {
		contribution: id,
		verdict: pallet_datanets::Verdict::Accept,
	})
}

/// A call creating Datanet "medical-qa": open, 1 OPEN a contribution of at most
/// `max_contribution_bytes`.
pub fn create_datanet_call(max_contribution_bytes: u64) -> RuntimeCall {
	RuntimeCall::Datanets(pallet_datanets::Call::create_datanet {
		name: b"medical-qa".to_vec().try_into().unwrap(),
		description: Default::default(),
		tags: Default::default(),
		policy: pallet_datanets::Policy {
			access: pallet_datanets::Access::Open,
			contribution_deposit: openledger_runtime::currency::OPEN,
			max_contribution_bytes,
		},
	})
}

/// Alice creates Datanet 0 (open, 1 OPEN per contribution); each of `contributors` submits
/// one contribution (ids 0, 1, ... in that order, data numbers 1, 2, ...), and Alice accepts
/// them all and publishes version 1.
pub fn publish_datanet(contributors: &[sp_keyring::Sr25519Keyring]) {
	use sp_keyring::Sr25519Keyring::Alice;
	let mut steps = vec![(Alice.pair(), create_datanet_call(1_000))];
	steps.extend((1u8..).zip(contributors).map(|(n, who)| (who.pair(), contribute_call(n))));
	steps.extend((0u64..).take(contributors.len()).map(|id| (Alice.pair(), accept_call(id))));
	let publish = pallet_datanets::Call::publish_version { datanet: 0 };
	steps.push((Alice.pair(), RuntimeCall::Datanets(publish)));
	let (_, results) = run_signed(steps);
	assert!(results.iter().all(Result::is_ok), "{results:?}");
}

/// Everything that must hold of any state: every pallet's `try_state`, a total issuance of
/// `issuance` that is exactly what the accounts hold, and every hold explained by the record
/// that holds it.
pub fn check_invariants(issuance: u128) -> Result<(), String> {
	let fail = |what: &str, e: sp_runtime::TryRuntimeError| format!("{what}: {e:?}");
	pallet_datanets::Pallet::<Runtime>::do_try_state().map_err(|e| fail("datanets", e))?;
	pallet_models::Pallet::<Runtime>::do_try_state().map_err(|e| fail("models", e))?;
	pallet_attribution::Pallet::<Runtime>::do_try_state().map_err(|e| fail("attribution", e))?;
	pallet_rewards::Pallet::<Runtime>::do_try_state().map_err(|e| fail("rewards", e))?;
	pallet_validator_set::Pallet::<Runtime>::do_try_state()
		.map_err(|e| fail("validator set", e))?;
	pallet_provider_bonds::Pallet::<Runtime>::do_try_state()
		.map_err(|e| fail("provider bonds", e))?;
	pallet_agents::Pallet::<Runtime>::do_try_state().map_err(|e| fail("agents", e))?;

	// Nothing created or destroyed, and the issuance is exactly what the accounts hold.
	if pallet_balances::Pallet::<Runtime>::total_issuance() != issuance {
		return Err(format!(
			"total issuance {} != {issuance}",
			pallet_balances::Pallet::<Runtime>::total_issuance()
		));
	}
	let held_by_accounts: u128 = frame_system::Account::<Runtime>::iter()
		.map(|(_, info)| info.data.free + info.data.reserved)
		.sum();
	if held_by_accounts != issuance {
		return Err(format!("accounts hold {held_by_accounts}, issuance is {issuance}"));
	}

	// Every hold, by reason, is explained by the records that hold it.
	let mut held = std::collections::BTreeMap::<String, u128>::new();
	for (_, holds) in pallet_balances::Holds::<Runtime>::iter() {
		for hold in holds {
			*held.entry(format!("{:?}", hold.id)).or_default() += hold.amount;
		}
	}
	let mut owed = std::collections::BTreeMap::<String, u128>::new();
	let mut owe = |reason: openledger_runtime::RuntimeHoldReason, amount: u128| {
		if amount > 0 {
			*owed.entry(format!("{reason:?}")).or_default() += amount;
		}
	};
	for (_, d) in pallet_datanets::Datanets::<Runtime>::iter() {
		owe(pallet_datanets::HoldReason::DatanetDeposit.into(), d.deposit);
	}
	// Every contribution on record holds its `deposit` (its storage deposit once reviewed).
	for (_, c) in pallet_datanets::Contributions::<Runtime>::iter() {
		owe(pallet_datanets::HoldReason::ContributionDeposit.into(), c.deposit);
	}
	for commitment in pallet_datanets::Commitments::<Runtime>::iter_values() {
		owe(pallet_datanets::HoldReason::CommitmentDeposit.into(), commitment.deposit);
	}
	for (_, m) in pallet_models::Models::<Runtime>::iter() {
		owe(pallet_models::HoldReason::ModelDeposit.into(), m.deposit);
	}
	for (_, _, (_, deposit)) in pallet_models::VersionDeposits::<Runtime>::iter() {
		owe(pallet_models::HoldReason::VersionDeposit.into(), deposit);
	}
	let mut withheld = 0;
	for inference in pallet_attribution::Inferences::<Runtime>::iter_values() {
		match inference {
			pallet_attribution::Inference::PendingHeld(p) =>
				owe(pallet_attribution::HoldReason::InferenceEscrow.into(), p.fee),
			pallet_attribution::Inference::Challengeable(settled) => withheld += settled.withheld,
			_ => {},
		}
	}
	for challenge in pallet_attribution::Challenges::<Runtime>::iter_values() {
		owe(pallet_attribution::HoldReason::ChallengeDeposit.into(), challenge.deposit);
	}
	for _ in pallet_attribution::OutputBases::<Runtime>::iter_keys() {
		let deposit = <Runtime as pallet_attribution::Config>::OutputBaseDeposit::get();
		owe(pallet_attribution::HoldReason::OutputBase.into(), deposit);
	}
	// The pot keeps what it owes, what open challenges withheld, and its existential deposit.
	let pot = openledger_runtime::configs::RewardsPot::get();
	let owed_by_pot = pallet_rewards::TotalOwed::<Runtime>::get() + withheld + ed();
	if free(&pot) < owed_by_pot {
		return Err(format!("the rewards pot holds {} < {owed_by_pot}", free(&pot)));
	}
	for bond in pallet_provider_bonds::Bonds::<Runtime>::iter_values() {
		owe(pallet_provider_bonds::HoldReason::ProviderBond.into(), bond.held());
	}
	for agent in pallet_agents::Agents::<Runtime>::iter_values() {
		owe(pallet_agents::HoldReason::AgentStake.into(), agent.stake);
	}
	for task in pallet_agents::Tasks::<Runtime>::iter_values() {
		owe(pallet_agents::HoldReason::TaskDeposit.into(), task.deposit);
		if task.status == pallet_agents::TaskStatus::Open {
			owe(pallet_agents::HoldReason::TaskBudget.into(), task.unspent());
		}
	}
	// Unclaimed agent fees are held on the owner they were paid to: the hold is their record.
	let fees: openledger_runtime::RuntimeHoldReason = pallet_agents::HoldReason::AgentFees.into();
	owe(fees, held.get(&format!("{fees:?}")).copied().unwrap_or_default());
	for (_, status) in pallet_preimage::RequestStatusFor::<Runtime>::iter() {
		let noted_len = match status {
			pallet_preimage::RequestStatus::Unrequested { len, .. } => Some(len),
			pallet_preimage::RequestStatus::Requested {
				maybe_ticket: Some(_), maybe_len, ..
			} => maybe_len,
			pallet_preimage::RequestStatus::Requested { maybe_ticket: None, .. } => None,
		};
		if let Some(len) = noted_len {
			use openledger_runtime::configs::governance::{
				PreimageBaseDeposit, PreimageByteDeposit,
			};
			let deposit = PreimageBaseDeposit::get() + PreimageByteDeposit::get() * u128::from(len);
			owe(pallet_preimage::HoldReason::Preimage.into(), deposit);
		}
	}
	if held != owed {
		return Err(format!("holds {held:?} but records explain {owed:?}"));
	}
	Ok(())
}

/// Every pallet's storage as its code expects it: the version stored on chain is the one in
/// the code, for every pallet of the runtime.
pub fn check_storage_versions() -> Result<(), String> {
	use frame_support::traits::{
		GetStorageVersion, NoStorageVersionSet, PalletInfoAccess, StorageVersion,
	};
	use openledger_runtime::*;
	/// A pallet that declares no storage version stores none: version 0.
	trait Declared {
		fn declared(self) -> StorageVersion;
	}
	impl Declared for StorageVersion {
		fn declared(self) -> StorageVersion {
			self
		}
	}
	impl Declared for NoStorageVersionSet {
		fn declared(self) -> StorageVersion {
			StorageVersion::new(0)
		}
	}
	let mut wrong = Vec::new();
	macro_rules! check {
		($($pallet:ty),* $(,)?) => {$(
			let (on_chain, in_code) = (
				<$pallet>::on_chain_storage_version(),
				<$pallet>::in_code_storage_version().declared(),
			);
			if on_chain != in_code {
				wrong.push(format!(
					"{}: {on_chain:?} on chain, {in_code:?} in code",
					<$pallet>::name()
				));
			}
		)*};
	}
	check!(
		System,
		Timestamp,
		Balances,
		TransactionPayment,
		MultiBlockMigrations,
		ValidatorSet,
		Session,
		Aura,
		Grandpa,
		Authorship,
		Historical,
		Offences,
		AuraEquivocation,
		Sudo,
		Utility,
		Preimage,
		Scheduler,
		Referenda,
		ConvictionVoting,
		Origins,
		Parameters,
		Datanets,
		Models,
		Attribution,
		Rewards,
	);
	if wrong.is_empty() {
		Ok(())
	} else {
		Err(format!("storage versions differ: {}", wrong.join("; ")))
	}
}
