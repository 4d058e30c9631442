//! A runtime for the tests: System and this pallet, with key ownership and offences recorded
//! in memory (the real runtime uses `pallet-session`'s historical proofs and `pallet-offences`).

use crate as pallet_aura_equivocation;
use codec::{Decode, DecodeWithMemTracking, Encode};
use frame_support::{derive_impl, parameter_types, traits::KeyOwnerProofSystem};
use scale_info::TypeInfo;
use sp_consensus_aura::sr25519::AuthorityId;
use sp_runtime::{BuildStorage, KeyTypeId};
use sp_staking::{
	offence::{OffenceError, ReportOffence},
	SessionIndex,
};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		AuraEquivocation: pallet_aura_equivocation,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

impl<C> frame_system::offchain::CreateTransactionBase<C> for Test
where
	RuntimeCall: From<C>,
{
	type Extrinsic = frame_system::mocking::MockUncheckedExtrinsic<Test>;
	type RuntimeCall = RuntimeCall;
}

impl<C> frame_system::offchain::CreateBare<C> for Test
where
	RuntimeCall: From<C>,
{
	fn create_bare(call: Self::RuntimeCall) -> Self::Extrinsic {
		frame_system::mocking::MockUncheckedExtrinsic::<Test>::new_bare(call)
	}
}

/// A key-ownership proof: the session, its set size, and the claimed owner.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct TestProof {
	pub session: SessionIndex,
	pub validator_count: u32,
	pub owner: u64,
}

impl sp_session::GetSessionNumber for TestProof {
	fn session(&self) -> SessionIndex {
		self.session
	}
}

impl sp_session::GetValidatorCount for TestProof {
	fn validator_count(&self) -> u32 {
		self.validator_count
	}
}

parameter_types! {
	/// The validators' Aura keys: `(owner, key)`.
	pub static Keys: Vec<(u64, AuthorityId)> = vec![];
	/// The offences reported: `(reporters, offender, slot, session)`.
	pub static Offences: Vec<(Vec<u64>, u64, u64, SessionIndex)> = vec![];
	pub const ReportLongevity: u64 = 100;
}

/// Proves ownership of the keys in [`Keys`].
pub struct TestOwnership;
impl KeyOwnerProofSystem<(KeyTypeId, AuthorityId)> for TestOwnership {
	type Proof = TestProof;
	type IdentificationTuple = u64;

	fn prove(_key: (KeyTypeId, AuthorityId)) -> Option<TestProof> {
		None
	}

	fn check_proof((id, key): (KeyTypeId, AuthorityId), proof: TestProof) -> Option<u64> {
		if id != sp_application_crypto::key_types::AURA {
			return None;
		}
		Keys::get()
			.into_iter()
			.find(|(owner, k)| *k == key && *owner == proof.owner)
			.map(|(o, _)| o)
	}
}

/// Records offences in [`Offences`], refusing one already known.
pub struct TestOffences;
impl ReportOffence<u64, u64, crate::EquivocationOffence<u64>> for TestOffences {
	fn report_offence(
		reporters: Vec<u64>,
		offence: crate::EquivocationOffence<u64>,
	) -> Result<(), OffenceError> {
		if Self::is_known_offence(&[offence.offender], &offence.slot) {
			return Err(OffenceError::DuplicateReport);
		}
		Offences::mutate(|o| {
			o.push((reporters, offence.offender, *offence.slot, offence.session_index))
		});
		Ok(())
	}

	fn is_known_offence(offenders: &[u64], slot: &crate::Slot) -> bool {
		Offences::get()
			.iter()
			.any(|(_, who, s, _)| offenders.contains(who) && *s == **slot)
	}
}

impl crate::Config for Test {
	type AuthorityId = AuthorityId;
	type KeyOwnerProof = TestProof;
	type MaxAuthorities = frame_support::traits::ConstU32<100>;
	type EquivocationReportSystem =
		crate::EquivocationReportSystem<Test, TestOffences, TestOwnership, ReportLongevity>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Test;
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<crate::EquivocationProofOf<Test>, TestProof> for Test {
	fn equivocation(validators: u32) -> (crate::EquivocationProofOf<Test>, TestProof) {
		use sp_consensus_aura::sr25519::AuthorityPair;
		use sp_core::crypto::Pair;
		use sp_runtime::traits::Header as _;
		let pair = AuthorityPair::from_string("//Dave", None).unwrap();
		// The suite runs every component in one thread: start from no keys and no offences.
		Keys::set(vec![(4, pair.public())]);
		Offences::set(vec![]);
		let header = |root: u8| {
			let header = crate::HeaderFor::<Test>::new(
				1,
				Default::default(),
				sp_core::H256::repeat_byte(root),
				Default::default(),
				Default::default(),
			);
			crate::seal_header(header, 5.into(), |hash| Some(pair.sign(hash))).unwrap()
		};
		let proof = crate::EquivocationProof {
			offender: pair.public(),
			slot: 5.into(),
			first_header: header(1),
			second_header: header(2),
		};
		(proof, TestProof { session: 1, validator_count: validators, owner: 4 })
	}
}
