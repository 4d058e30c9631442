//! Credits in their challenge period: what an account was credited lately, kept in at most two
//! buckets by the block they mature at, so that crediting, maturing and claiming are O(1)
//! whatever the number of settlements.
//!
//! A credit made at block `b` matures at the first multiple of the challenge period `W` at or
//! after `b + W`: between `W` and `2W - 1` blocks later. At any block the credits still pending
//! mature at one of the next two multiples of `W`, so two buckets hold them all. (Only a change
//! of `W` by a runtime upgrade can make a third maturity appear; that credit then joins the later
//! bucket and matures late, never early.)
//!
//! Each bucket also carries the emission score of its data credits and the epoch that score
//! counts in: the epoch the bucket matures in, so that only credits past their challenge period
//! share an emission.

use crate::EpochIndex;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::traits::{AtLeast32BitUnsigned, Zero};

/// What a credit or a bucket holds, by source, and the score its data credits carry.
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
pub struct Amounts<Balance> {
	/// Shares of inference fees attributed to the account's data.
	pub data: Balance,
	/// Shares of inference fees for models it owns.
	pub model: Balance,
	/// Shares of inference fees for inferences it served.
	pub provider: Balance,
	/// The score its data credits carry towards an epoch's emission.
	pub score: Balance,
}

impl<Balance: AtLeast32BitUnsigned + Copy> Amounts<Balance> {
	/// Adds `other`.
	pub fn add(&mut self, other: &Self) {
		self.data.saturating_accrue(other.data);
		self.model.saturating_accrue(other.model);
		self.provider.saturating_accrue(other.provider);
		self.score.saturating_accrue(other.score);
	}

	/// What is left after taking `other`, if every part holds at least `other`'s.
	pub fn minus(&self, other: &Self) -> Option<Self> {
		Some(Amounts {
			data: self.data.checked_sub(&other.data)?,
			model: self.model.checked_sub(&other.model)?,
			provider: self.provider.checked_sub(&other.provider)?,
			score: self.score.checked_sub(&other.score)?,
		})
	}

	/// The OPEN held, every source together.
	pub fn total(&self) -> Balance {
		self.data.saturating_add(self.model).saturating_add(self.provider)
	}

	/// Whether nothing is held.
	pub fn is_empty(&self) -> bool {
		self.total().is_zero() && self.score.is_zero()
	}
}

/// The credits that mature at one block.
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
pub struct Bucket<Balance, BlockNumber> {
	/// The block they become claimable at.
	pub matures_at: BlockNumber,
	/// The epoch their score counts in: the one `matures_at` falls in.
	pub epoch: EpochIndex,
	/// What they hold.
	pub amounts: Amounts<Balance>,
}

/// An account's credits in their challenge period: at most two buckets, the earlier first.
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
pub struct Pending<Balance, BlockNumber> {
	/// The buckets; an empty bucket holds nothing and sorts last.
	pub buckets: [Bucket<Balance, BlockNumber>; 2],
}

/// When a credit made at `credited_at` matures, with challenge period `window`: the first
/// multiple of `window` at or after `credited_at + window`.
pub fn maturity<BlockNumber: AtLeast32BitUnsigned + Copy>(
	credited_at: BlockNumber,
	window: BlockNumber,
) -> BlockNumber {
	if window.is_zero() {
		return credited_at;
	}
	let earliest = credited_at.saturating_add(window);
	let rest = earliest.checked_rem(&window).unwrap_or_else(Zero::zero);
	if rest.is_zero() {
		earliest
	} else {
		earliest.saturating_add(window.saturating_sub(rest))
	}
}

impl<Balance, BlockNumber> Pending<Balance, BlockNumber>
where
	Balance: AtLeast32BitUnsigned + Copy + Default,
	BlockNumber: AtLeast32BitUnsigned + Copy + Default,
{
	/// Takes out the buckets that matured by `now` (empty ones stand for none).
	pub fn mature(&mut self, now: BlockNumber) -> [Bucket<Balance, BlockNumber>; 2] {
		let mut matured = [Bucket::default(), Bucket::default()];
		for (bucket, out) in self.buckets.iter_mut().zip(matured.iter_mut()) {
			if !bucket.amounts.is_empty() && bucket.matures_at <= now {
				*out = core::mem::take(bucket);
			}
		}
		self.sort();
		matured
	}

	/// Adds `amounts` maturing at `matures_at` in `epoch`, and returns where they went: that
	/// maturity, or, if both buckets hold other maturities (only after `W` changed), the later
	/// bucket's, which is never earlier. Mature the buckets first.
	pub fn add(
		&mut self,
		matures_at: BlockNumber,
		epoch: EpochIndex,
		amounts: &Amounts<Balance>,
	) -> (BlockNumber, EpochIndex) {
		let slot = self
			.buckets
			.iter()
			.position(|b| !b.amounts.is_empty() && b.matures_at == matures_at)
			.or_else(|| self.buckets.iter().position(|b| b.amounts.is_empty()));
		let landed = match slot.and_then(|i| self.buckets.get_mut(i)) {
			Some(bucket) => {
				if bucket.amounts.is_empty() {
					*bucket = Bucket { matures_at, epoch, amounts: Amounts::default() };
				}
				bucket.amounts.add(amounts);
				(matures_at, epoch)
			},
			None => {
				let later = self.buckets.iter_mut().max_by_key(|b| b.matures_at);
				match later {
					Some(bucket) => {
						bucket.amounts.add(amounts);
						(bucket.matures_at, bucket.epoch)
					},
					// Two buckets always exist.
					None => (matures_at, epoch),
				}
			},
		};
		self.sort();
		landed
	}

	/// Takes `amounts` out of the credits maturing at `matures_at` (or, where [`Self::add`] put
	/// them after `W` changed, the later bucket), and returns that bucket's maturity and epoch.
	/// `None`, changing nothing, if that bucket holds less of any part.
	pub fn take(
		&mut self,
		matures_at: BlockNumber,
		amounts: &Amounts<Balance>,
	) -> Option<(BlockNumber, EpochIndex)> {
		let held = |b: &Bucket<Balance, BlockNumber>| !b.amounts.is_empty();
		let index = self
			.buckets
			.iter()
			.position(|b| held(b) && b.matures_at == matures_at)
			.or_else(|| self.buckets.iter().rposition(|b| held(b) && b.matures_at > matures_at))?;
		let bucket = self.buckets.get_mut(index)?;
		let left = bucket.amounts.minus(amounts)?;
		bucket.amounts = left;
		let taken = (bucket.matures_at, bucket.epoch);
		if bucket.amounts.is_empty() {
			*bucket = Bucket::default();
		}
		self.sort();
		Some(taken)
	}

	/// Everything still pending.
	pub fn total(&self) -> Amounts<Balance> {
		let mut total = Amounts::default();
		for bucket in &self.buckets {
			total.add(&bucket.amounts);
		}
		total
	}

	/// The buckets that hold something, the earlier first.
	pub fn held(&self) -> impl Iterator<Item = &Bucket<Balance, BlockNumber>> {
		self.buckets.iter().filter(|b| !b.amounts.is_empty())
	}

	/// Whether nothing is pending.
	pub fn is_empty(&self) -> bool {
		self.held().next().is_none()
	}

	fn sort(&mut self) {
		self.buckets.sort_by_key(|b| (b.amounts.is_empty(), b.matures_at));
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn data(amount: u64) -> Amounts<u64> {
		Amounts { data: amount, score: amount / 10, ..Default::default() }
	}

	fn add_at(pending: &mut Pending<u64, u64>, at: u64, amount: u64) -> [Bucket<u64, u64>; 2] {
		let matured = pending.mature(at);
		let matures_at = maturity(at, 10);
		assert_eq!(pending.add(matures_at, (matures_at / 10) as u32, &data(amount)).0, matures_at);
		matured
	}

	#[test]
	fn a_credit_matures_between_one_and_two_windows_later() {
		assert_eq!(maturity(0u64, 10), 10);
		assert_eq!(maturity(1u64, 10), 20);
		assert_eq!(maturity(9u64, 10), 20);
		assert_eq!(maturity(10u64, 10), 20);
		assert_eq!(maturity(7u64, 0), 7);
	}

	#[test]
	fn two_buckets_hold_a_windows_credits_and_mature_in_order() {
		let mut pending = Pending::<u64, u64>::default();
		for at in [1u64, 5, 9, 10, 15, 19] {
			let matured = add_at(&mut pending, at, 100);
			assert!(matured.iter().all(|b| b.amounts.is_empty()), "nothing matures before 20");
		}
		// Blocks 1 to 10 mature at 20, 15 and 19 at 30.
		assert_eq!(pending.buckets[0], Bucket { matures_at: 20, epoch: 2, amounts: data(400) });
		assert_eq!(pending.buckets[1], Bucket { matures_at: 30, epoch: 3, amounts: data(200) });
		// At block 20 the first bucket matures; a credit then joins the one at 30.
		let matured = add_at(&mut pending, 20, 100);
		assert_eq!(matured[0].amounts, data(400));
		assert!(matured[1].amounts.is_empty());
		assert_eq!(pending.total(), data(300));
		let matured = pending.mature(40);
		assert_eq!(matured[0].amounts, data(300));
		assert!(pending.is_empty());
	}

	#[test]
	fn a_credit_is_taken_from_its_bucket_and_never_more_than_it_holds() {
		let mut pending = Pending::<u64, u64>::default();
		pending.add(20, 2, &data(400));
		pending.add(30, 3, &data(200));
		assert_eq!(pending.take(30, &data(150)), Some((30, 3)));
		assert_eq!(pending.buckets[1].amounts, data(50));
		// More than the bucket holds, or a maturity nobody has: nothing changes.
		let before = pending;
		assert_eq!(pending.take(20, &data(500)), None);
		assert_eq!(pending.take(40, &data(1)), None);
		assert_eq!(pending, before);
		// A credit that joined the later bucket (after `W` changed) is found there.
		assert_eq!(pending.add(25, 2, &data(10)), (30, 3));
		assert_eq!(pending.take(25, &data(10)), Some((30, 3)));
		// Taking a bucket empty frees it.
		assert_eq!(pending.take(20, &data(400)), Some((20, 2)));
		assert_eq!(pending.held().count(), 1);
		assert_eq!(pending.buckets[0].matures_at, 30);
	}

	#[test]
	fn a_third_maturity_joins_the_later_bucket_and_never_matures_early() {
		let mut pending = Pending::<u64, u64>::default();
		pending.add(20, 2, &data(100));
		pending.add(30, 3, &data(100));
		// After the window changed, a credit would mature at 25: it waits for 30.
		assert_eq!(pending.add(25, 2, &data(50)), (30, 3));
		assert_eq!(pending.buckets[1].amounts, data(150));
		assert_eq!(pending.mature(29)[0].amounts, data(100));
		assert_eq!(pending.mature(30)[0].amounts, data(150));
	}
}
