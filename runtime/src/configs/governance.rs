//! OPEN-holder governance, in the style of polkadot-sdk's OpenGov: proposals are preimages
//! (`pallet-preimage`), decided by referenda (`pallet-referenda`) on one of two tracks, with
//! OPEN-weighted conviction voting (`pallet-conviction-voting`), and enacted by the scheduler
//! (`pallet-scheduler`).
//!
//! | track | dispatches as | decides |
//! |---|---|---|
//! | 0 `root` (slow) | Root | runtime upgrades, the validator set, anything else |
//! | 1 `parameters` (fast) | `Origins::Parameters` | the fee split, the emission per epoch, the deposits ([`super::parameters`]) |
//! | 2 `referendum_canceller` (fast) | `Origins::ReferendumCanceller` | cancelling a referendum (its deposits returned) |
//! | 3 `referendum_killer` (fast) | `Origins::ReferendumKiller` | killing a referendum (its deposits slashed to the rewards pool) |
//!
//! The last two exist so that a junk referendum cannot hold the `root` track for its 14-day
//! decision period: OPEN holders remove it within hours.
//!
//! Every period and threshold below is in docs/governance.md; change both together.

use alloc::borrow::Cow;
use frame_support::{
	parameter_types,
	traits::{
		fungible::{HoldConsideration, Inspect},
		AsEnsureOriginWithArg, ConstU32, EitherOfDiverse, EqualPrivilegeOnly, Get,
		LinearStoragePrice, OriginTrait,
	},
	weights::Weight,
};
use frame_system::{EnsureRoot, EnsureSigned};
use pallet_governance_origins::{Origin as GovernanceOrigin, Pace};
use pallet_referenda::{Curve, Track, TrackInfo};
use sp_runtime::Perbill;

use crate::{
	configs::{share_of_block, RewardsPool, RewardsPot, ToRewardsPool},
	currency::{MILLI_OPEN, OPEN},
	time::{DAYS, HOURS, MINUTES},
	AccountId, Balance, Balances, BlockNumber, OriginCaller, Origins, Preimage, Referenda, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeHoldReason, RuntimeOrigin, Scheduler, System,
};

/// The track of proposals that need Root: runtime upgrades and the validator set.
pub const ROOT_TRACK: u16 = 0;
/// The track of the chain's economic parameters: the fee split, the emission and the deposits.
pub const PARAMETERS_TRACK: u16 = 1;
/// The track that cancels another referendum.
pub const REFERENDUM_CANCELLER_TRACK: u16 = 2;
/// The track that kills another referendum.
pub const REFERENDUM_KILLER_TRACK: u16 = 3;

/// A track name as `pallet-referenda` stores it: UTF-8, zero-padded to 25 bytes.
// Evaluated at compile time only, with `i` below both lengths.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const fn track_name(name: &str) -> [u8; 25] {
	let bytes = name.as_bytes();
	let mut padded = [0u8; 25];
	let mut i = 0;
	while i < bytes.len() && i < padded.len() {
		padded[i] = bytes[i];
		i += 1;
	}
	padded
}

/// A threshold that falls in a straight line from `ceil` when the decision period starts to
/// `floor` when it ends.
const fn falling(ceil: u32, floor: u32) -> Curve {
	Curve::LinearDecreasing {
		length: Perbill::from_percent(100),
		floor: Perbill::from_percent(floor),
		ceil: Perbill::from_percent(ceil),
	}
}

/// The periods of a track, in blocks.
struct Periods {
	prepare: BlockNumber,
	decision: BlockNumber,
	confirm: BlockNumber,
	enactment: BlockNumber,
}

/// The `root` track: two referenda at a time (one junk referendum does not block it), a 10,000
/// OPEN decision deposit, approval falling from 100 % to 50 % of the votes and support from 50 %
/// to 5 % of the OPEN that can vote.
const fn root_track(periods: Periods) -> Track<u16, Balance, BlockNumber> {
	Track {
		id: ROOT_TRACK,
		info: TrackInfo {
			name: track_name("root"),
			max_deciding: 2,
			decision_deposit: 10_000 * OPEN,
			prepare_period: periods.prepare,
			decision_period: periods.decision,
			confirm_period: periods.confirm,
			min_enactment_period: periods.enactment,
			min_approval: falling(100, 50),
			min_support: falling(50, 5),
		},
	}
}

/// The `parameters` track: ten referenda at a time, a 1,000 OPEN decision deposit, approval
/// falling from 100 % to 50 % and support from 20 % to 1 %.
const fn parameters_track(periods: Periods) -> Track<u16, Balance, BlockNumber> {
	Track {
		id: PARAMETERS_TRACK,
		info: TrackInfo {
			name: track_name("parameters"),
			max_deciding: 10,
			decision_deposit: 1_000 * OPEN,
			prepare_period: periods.prepare,
			decision_period: periods.decision,
			confirm_period: periods.confirm,
			min_enactment_period: periods.enactment,
			min_approval: falling(100, 50),
			min_support: falling(20, 1),
		},
	}
}

/// A track whose referenda cancel or kill another: many at a time, approval falling from 100 %
/// to 50 % and support from 10 % to 1 %, so that holders can remove a junk referendum long
/// before it would time out. Killing slashes the junk's deposits, so it asks a larger deposit.
const fn removal_track(
	id: u16,
	name: &str,
	decision_deposit: Balance,
	periods: Periods,
) -> Track<u16, Balance, BlockNumber> {
	Track {
		id,
		info: TrackInfo {
			name: track_name(name),
			max_deciding: 10,
			decision_deposit,
			prepare_period: periods.prepare,
			decision_period: periods.decision,
			confirm_period: periods.confirm,
			min_enactment_period: periods.enactment,
			min_approval: falling(100, 50),
			min_support: falling(10, 1),
		},
	}
}

/// Removing a referendum: decided within a day, enacted at once.
const REMOVAL_PERIODS: Periods =
	Periods { prepare: 10 * MINUTES, decision: DAYS, confirm: HOURS, enactment: 1 };
/// The same in blocks ([`Pace::Fast`]).
const FAST_REMOVAL_PERIODS: Periods =
	Periods { prepare: 1, decision: 10, confirm: 2, enactment: 1 };

/// The production tracks ([`Pace::Standard`]).
static STANDARD_TRACKS: [Track<u16, Balance, BlockNumber>; 4] = [
	root_track(Periods { prepare: HOURS, decision: 14 * DAYS, confirm: DAYS, enactment: DAYS }),
	parameters_track(Periods {
		prepare: 10 * MINUTES,
		decision: 3 * DAYS,
		confirm: HOURS,
		enactment: 10 * MINUTES,
	}),
	removal_track(
		REFERENDUM_CANCELLER_TRACK,
		"referendum_canceller",
		1_000 * OPEN,
		REMOVAL_PERIODS,
	),
	removal_track(REFERENDUM_KILLER_TRACK, "referendum_killer", 5_000 * OPEN, REMOVAL_PERIODS),
];

/// The same tracks in blocks instead of days ([`Pace::Fast`], development chains).
static FAST_TRACKS: [Track<u16, Balance, BlockNumber>; 4] = [
	root_track(Periods { prepare: 2, decision: 20, confirm: 3, enactment: 2 }),
	parameters_track(Periods { prepare: 1, decision: 10, confirm: 2, enactment: 1 }),
	removal_track(
		REFERENDUM_CANCELLER_TRACK,
		"referendum_canceller",
		1_000 * OPEN,
		FAST_REMOVAL_PERIODS,
	),
	removal_track(REFERENDUM_KILLER_TRACK, "referendum_killer", 5_000 * OPEN, FAST_REMOVAL_PERIODS),
];

/// Who may set the chain's economic parameters (the fee split, the emission, the deposits): a
/// referendum on the `parameters` track, or Root (a referendum on the `root` track, or sudo on
/// development chains).
pub type ParametersAdmin =
	EitherOfDiverse<EnsureRoot<AccountId>, pallet_governance_origins::EnsureParameters>;

/// The referenda tracks, at the chain's [`Pace`].
pub struct Tracks;

impl pallet_referenda::TracksInfo<Balance, BlockNumber> for Tracks {
	type Id = u16;
	type RuntimeOrigin = <RuntimeOrigin as OriginTrait>::PalletsOrigin;

	fn tracks() -> impl Iterator<Item = Cow<'static, Track<u16, Balance, BlockNumber>>> {
		let tracks = match Origins::pace() {
			Pace::Standard => &STANDARD_TRACKS,
			Pace::Fast => &FAST_TRACKS,
		};
		tracks.iter().map(Cow::Borrowed)
	}

	fn track_for(origin: &Self::RuntimeOrigin) -> Result<u16, ()> {
		match origin {
			OriginCaller::system(frame_system::RawOrigin::Root) => Ok(ROOT_TRACK),
			OriginCaller::Origins(GovernanceOrigin::Parameters) => Ok(PARAMETERS_TRACK),
			OriginCaller::Origins(GovernanceOrigin::ReferendumCanceller) =>
				Ok(REFERENDUM_CANCELLER_TRACK),
			OriginCaller::Origins(GovernanceOrigin::ReferendumKiller) =>
				Ok(REFERENDUM_KILLER_TRACK),
			_ => Err(()),
		}
	}
}

/// A period that is `Standard` blocks long on a chain at the standard [`Pace`] and `Fast` blocks
/// long at the fast pace of development chains, which must not make their users wait hours.
pub struct AtPace<Standard, Fast>(core::marker::PhantomData<(Standard, Fast)>);
impl<Standard: Get<BlockNumber>, Fast: Get<BlockNumber>> Get<BlockNumber>
	for AtPace<Standard, Fast>
{
	fn get() -> BlockNumber {
		match Origins::pace() {
			Pace::Standard => Standard::get(),
			Pace::Fast => Fast::get(),
		}
	}
}

/// How long a referendum may wait for its decision deposit or a free deciding slot before it
/// times out: 14 days (20 blocks at the fast pace).
pub type UndecidingTimeout = AtPace<ConstU32<{ 14 * DAYS }>, ConstU32<20>>;

/// How long one conviction multiple locks a vote after its referendum ends: 7 days (10 blocks at
/// the fast pace). `Locked6x` locks for 32 of them.
pub type VoteLockingPeriod = AtPace<ConstU32<{ 7 * DAYS }>, ConstU32<10>>;

/// The OPEN that can vote, against which support is measured: the issuance less the rewards
/// pool and pot, which no one can vote with. Counting them would put every support threshold out
/// of reach.
pub struct VotingSupply;
impl Get<Balance> for VotingSupply {
	fn get() -> Balance {
		Balances::total_issuance()
			.saturating_sub(Balances::total_balance(&RewardsPool::get()))
			.saturating_sub(Balances::total_balance(&RewardsPot::get()))
	}
}

parameter_types! {
	/// Holding a preimage costs 1 OPEN plus 0.001 OPEN a byte (about 590 OPEN for this runtime).
	pub const PreimageBaseDeposit: Balance = OPEN;
	pub const PreimageByteDeposit: Balance = MILLI_OPEN;
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
	/// Scheduled calls (enactments) may use up to 80 % of a block.
	pub MaximumSchedulerWeight: Weight = share_of_block(Perbill::from_percent(80));
	/// Submitting a referendum reserves 100 OPEN: returned when it is approved or cancelled, kept
	/// when it is rejected or times out (a spam deterrent), slashed when it is killed.
	pub const SubmissionDeposit: Balance = 100 * OPEN;
}

impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = crate::weights::pallet_preimage::WeightInfo<Runtime>;
	type Currency = Balances;
	type ManagerOrigin = EnsureRoot<AccountId>;
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
	>;
}

impl pallet_scheduler::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	type ScheduleOrigin = EnsureRoot<AccountId>;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = crate::weights::pallet_scheduler::WeightInfo<Runtime>;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

impl pallet_referenda::Config for Runtime {
	type WeightInfo = crate::weights::pallet_referenda::WeightInfo<Runtime>;
	type RuntimeCall = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type Scheduler = Scheduler;
	type Currency = Balances;
	// Any account may propose, on the track its proposal's origin implies.
	type SubmitOrigin = AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	// Root, or a referendum on the track made for it: a junk referendum goes within hours.
	type CancelOrigin = EitherOfDiverse<
		EnsureRoot<AccountId>,
		pallet_governance_origins::EnsureReferendumCanceller,
	>;
	type KillOrigin =
		EitherOfDiverse<EnsureRoot<AccountId>, pallet_governance_origins::EnsureReferendumKiller>;
	// A killed referendum's deposits go to the rewards pool: the supply is fixed.
	type Slash = ToRewardsPool;
	type Votes = Balance;
	type Tally = pallet_conviction_voting::TallyOf<Runtime>;
	type SubmissionDeposit = SubmissionDeposit;
	type MaxQueued = ConstU32<100>;
	type UndecidingTimeout = UndecidingTimeout;
	type AlarmInterval = ConstU32<1>;
	type Tracks = Tracks;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

impl pallet_conviction_voting::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = crate::weights::pallet_conviction_voting::WeightInfo<Runtime>;
	type Currency = Balances;
	type Polls = Referenda;
	type MaxTurnout = VotingSupply;
	// Votes an account may have standing at once on one track.
	type MaxVotes = ConstU32<100>;
	type VoteLockingPeriod = VoteLockingPeriod;
	type BlockNumberProvider = System;
	type VotingHooks = ();
}

impl pallet_governance_origins::Config for Runtime {}

impl pallet_parameters::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeParameters = super::parameters::RuntimeParameters;
	type AdminOrigin = AsEnsureOriginWithArg<ParametersAdmin>;
	type WeightInfo = crate::weights::pallet_parameters::WeightInfo<Runtime>;
}
