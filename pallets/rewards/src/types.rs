//! The records this pallet stores and returns through its runtime API.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Numbers the emission epochs, from 0.
pub type EpochIndex = u32;

/// What an account can claim, by source, and its score in the epoch its credits last matured in.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Debug,
)]
pub struct RewardAccount<Balance> {
	/// Shares of inference fees attributed to its data.
	pub data: Balance,
	/// Shares of inference fees for models it owns.
	pub model: Balance,
	/// Shares of inference fees for inferences it served.
	pub provider: Balance,
	/// Its shares of closed epochs' emissions, settled so far.
	pub emission: Balance,
	/// The score of its data credits that matured in epoch `score_epoch` (the pool share they
	/// stand for): its claim on that epoch's emission, turned into `emission` the next time the
	/// account is touched after the epoch closes.
	pub score: Balance,
	/// The epoch `score` was earned in.
	pub score_epoch: EpochIndex,
}

impl<Balance: sp_runtime::Saturating + Copy> RewardAccount<Balance> {
	/// What a claim pays: every source together.
	pub fn claimable(&self) -> Balance {
		self.data
			.saturating_add(self.model)
			.saturating_add(self.provider)
			.saturating_add(self.emission)
	}
}

/// What happened in an epoch.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Debug,
)]
pub struct EpochSummary<Balance> {
	/// Inference fees settled.
	pub fees_settled: Balance,
	/// The part of them credited to data.
	pub attributed_to_data: Balance,
	/// Emission paid from the rewards pool when the epoch closed.
	pub emitted: Balance,
	/// Rewards claimed.
	pub claimed: Balance,
}

/// What an account can claim now, by source (its credits past their challenge period).
#[derive(Encode, Decode, TypeInfo, Clone, Copy, PartialEq, Eq, Default, Debug)]
pub struct PendingRewards<Balance> {
	/// From data attributed in settled inferences.
	pub data: Balance,
	/// From models it owns.
	pub model: Balance,
	/// From inferences it served.
	pub provider: Balance,
	/// From closed epochs' emissions.
	pub emission: Balance,
	/// All of the above: what `claim` pays now.
	pub total: Balance,
	/// The score of its data credits that matured in the current epoch (the pool share they
	/// stand for), which will earn a share of its emission.
	pub current_epoch_score: Balance,
}

/// An account's rewards: what it can claim now, and what is still in its challenge period.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Default, Debug)]
pub struct AccountRewards<Balance, BlockNumber> {
	/// What `claim` pays now, by source, and the score in the epoch in progress.
	pub claimable: PendingRewards<Balance>,
	/// Credited and still open to challenge, by source, with the score those data credits
	/// will carry in the epoch they mature in.
	pub in_challenge: crate::pending::Amounts<Balance>,
	/// When the credits in challenge become claimable, and how much OPEN each time, the
	/// earliest first (at most two).
	pub maturing: alloc::vec::Vec<(BlockNumber, Balance)>,
}
