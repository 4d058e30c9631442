//! Storage migrations, one module per storage version.

/// Version 1: scores are the pool share that data credits stand for, not data fees, and an epoch
/// emits at most [`Config::MaxEmissionRate`] of them.
///
/// Under version 0 an account's score was the data fees credited to it, and so was the epoch's
/// total. The two units cannot share an epoch, so the upgrade closes the epoch in progress by the
/// rule its scores were earned under (emission shared by data fees, no cap), and the next epoch
/// starts in the new unit. Scores of closed epochs need nothing: they turn into emission at
/// their epoch's stored rate, whichever unit it was computed in. One epoch close, O(1).
pub mod v1 {
	use crate::{
		weights::WeightInfo, Config, CurrentScore, CurrentTotals, Pallet,
		EPOCH_BENCHMARK_CONTRIBUTORS,
	};
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
	};

	/// Closes the epoch in progress by the version 0 rule.
	pub struct CloseEpochInProgress<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for CloseEpochInProgress<T> {
		fn on_runtime_upgrade() -> Weight {
			let data_fees = CurrentTotals::<T>::get().attributed_to_data;
			Pallet::<T>::close_epoch_with(data_fees, None);
			// Nothing was credited under the new unit yet.
			CurrentScore::<T>::kill();
			T::WeightInfo::close_epoch(EPOCH_BENCHMARK_CONTRIBUTORS)
				.saturating_add(T::DbWeight::get().writes(1))
		}
	}

	/// The migration from storage version 0 to 1; does nothing at any other version.
	pub type MigrateToV1<T> = VersionedMigration<
		0,
		1,
		CloseEpochInProgress<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

#[cfg(test)]
mod tests {
	use crate::{mock::*, CurrentEpoch, CurrentScore, CurrentTotals, Summaries};
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

	#[test]
	fn the_upgrade_closes_the_epoch_in_progress_by_data_fees() {
		build_and_execute(|| {
			StorageVersion::new(0).put::<Rewards>();
			set_emission(1_000);
			// Version 0 stored data fees as scores: 300 and 100 in epoch 0.
			for (who, fees) in [(BOB, 300), (CHARLIE, 100)] {
				pay_in(fees);
				crate::Accounts::<Test>::mutate(who, |account| {
					let account = account.get_or_insert_with(Default::default);
					account.data += fees;
					account.score += fees;
				});
				crate::TotalOwed::<Test>::mutate(|owed| *owed += fees);
				CurrentTotals::<Test>::mutate(|t| t.attributed_to_data += fees);
			}

			crate::migrations::v1::MigrateToV1::<Test>::on_runtime_upgrade();

			assert_eq!(Rewards::on_chain_storage_version(), StorageVersion::new(1));
			assert_eq!(CurrentEpoch::<Test>::get(), 1);
			// The whole emission, shared 3 : 1 as under version 0, with no cap.
			assert_eq!(Summaries::<Test>::get(0).unwrap().emitted, 1_000);
			assert_eq!(Rewards::pending(BOB).emission, 750);
			assert_eq!(Rewards::pending(CHARLIE).emission, 250);
			assert_eq!(CurrentScore::<Test>::get(), 0);

			// Run again, it does nothing.
			crate::migrations::v1::MigrateToV1::<Test>::on_runtime_upgrade();
			assert_eq!(CurrentEpoch::<Test>::get(), 1);
		});
	}
}
