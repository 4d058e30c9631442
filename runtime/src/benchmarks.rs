//! The benchmarks the node's `benchmark pallet` command can run against this runtime.

use alloc::{string::String, vec::Vec};
use frame_benchmarking::{BenchmarkBatch, BenchmarkConfig, BenchmarkList};
use frame_support::traits::StorageInfo;

use crate::*;

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_transaction_payment, TransactionPayment]
	[pallet_migrations, MultiBlockMigrations]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_utility, Utility]
	[pallet_preimage, Preimage]
	[pallet_scheduler, Scheduler]
	[pallet_referenda, Referenda]
	[pallet_conviction_voting, ConvictionVoting]
	[pallet_parameters, Parameters]
	[pallet_validator_set, ValidatorSet]
	[pallet_aura_equivocation, AuraEquivocation]
	[pallet_datanets, Datanets]
	[pallet_models, Models]
	[pallet_attribution, Attribution]
	[pallet_rewards, Rewards]
	[pallet_provider_bonds, ProviderBonds]
	[pallet_agents, Agents]
);

type BaselineBench<T> = frame_benchmarking::baseline::Pallet<T>;
type SystemBench<T> = frame_system_benchmarking::Pallet<T>;
type SystemExtensionsBench<T> = frame_system_benchmarking::extensions::Pallet<T>;

impl frame_benchmarking::baseline::Config for Runtime {}
impl frame_system_benchmarking::Config for Runtime {}
impl pallet_transaction_payment::BenchmarkConfig for Runtime {}

/// The list of benchmarks and the storage they touch.
pub fn metadata(extra: bool) -> (Vec<BenchmarkList>, Vec<StorageInfo>) {
	use frame_support::traits::StorageInfoTrait;

	let mut list = Vec::<BenchmarkList>::new();
	list_benchmarks!(list, extra);
	(list, AllPalletsWithSystem::storage_info())
}

/// Runs the benchmark that `config` selects.
pub fn dispatch(config: BenchmarkConfig) -> Result<Vec<BenchmarkBatch>, String> {
	use frame_support::traits::WhitelistedStorageKeys;
	use sp_storage::TrackedStorageKey;

	let whitelist: Vec<TrackedStorageKey> = AllPalletsWithSystem::whitelisted_storage_keys();
	let mut batches = Vec::<BenchmarkBatch>::new();
	let params = (&config, &whitelist);
	add_benchmarks!(params, batches);
	Ok(batches)
}

/// A real Aura equivocation for `pallet-aura-equivocation`'s benchmark: `n` validators with
/// session keys active in the current session, the first one's Aura key in the benchmark's
/// keystore, two blocks of one slot sealed with it, and its key-ownership proof.
pub struct AuraEquivocationEvidence;

impl
	pallet_aura_equivocation::benchmarking::BenchmarkHelper<
		pallet_aura_equivocation::EquivocationProofOf<Runtime>,
		sp_session::MembershipProof,
	> for AuraEquivocationEvidence
{
	fn equivocation(
		n: u32,
	) -> (pallet_aura_equivocation::EquivocationProofOf<Runtime>, sp_session::MembershipProof) {
		use codec::Encode;
		use frame_support::traits::KeyOwnerProofSystem;
		use sp_consensus_aura::sr25519::{AuthorityId as AuraId, AuthoritySignature};
		use sp_core::{crypto::key_types::AURA, ed25519, sr25519};
		use sp_runtime::traits::Header as _;

		let offender: AuraId = sp_io::crypto::sr25519_generate(AURA, None).into();
		let validators: Vec<AccountId> =
			(0..n).map(|i| frame_benchmarking::account("validator", i, 0)).collect();
		for (i, who) in validators.iter().enumerate() {
			let seed =
				<sp_runtime::traits::BlakeTwo256 as sp_runtime::traits::Hash>::hash_of(&(i as u32))
					.0;
			let aura =
				if i == 0 { offender.clone() } else { sr25519::Public::from_raw(seed).into() };
			let keys = SessionKeys { aura, grandpa: ed25519::Public::from_raw(seed).into() };
			pallet_session::NextKeys::<Runtime>::insert(who, keys);
		}
		pallet_validator_set::Validators::<Runtime>::put(frame_support::BoundedVec::truncate_from(
			validators,
		));
		// Queued at the first rotation, active from the second.
		Session::rotate_session();
		Session::rotate_session();

		let slot = sp_consensus_aura::Slot::from(7u64);
		let header = |state_root: u8| {
			let header = Header::new(
				System::block_number(),
				Default::default(),
				Hash::repeat_byte(state_root),
				Default::default(),
				Default::default(),
			);
			// Unsealed without a keystore: the report then fails, and so does the benchmark.
			pallet_aura_equivocation::seal_header(header.clone(), slot, |hash| {
				sp_io::crypto::sr25519_sign(AURA, offender.as_ref(), hash)
					.map(AuthoritySignature::from)
			})
			.unwrap_or(header)
		};
		let proof = pallet_aura_equivocation::EquivocationProof {
			offender: offender.clone(),
			slot,
			first_header: header(1),
			second_header: header(2),
		};
		let ownership =
			Historical::prove((AURA, offender.encode())).unwrap_or(sp_session::MembershipProof {
				session: 0,
				trie_nodes: Vec::new(),
				validator_count: n,
			});
		(proof, ownership)
	}
}
