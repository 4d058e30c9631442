//! Storage migrations, one module per storage version. They are multi-block migrations
//! (`pallet-migrations` runs them a bounded step at a time, blocks taking no transactions
//! meanwhile), since a live chain's contributions do not fit in one block's weight.

/// Version 1: reviewed contributions keep their storage deposit, and plain rejections leave no
/// record.
///
/// Under version 0 a review released the whole deposit and left the record (and a plain
/// rejection's contributor-index entry) behind, while `Contribution::deposit` kept saying what
/// had been held. From version 1 on, a record's `deposit` is what it holds now. This migration
/// makes the records reviewed under version 0 say so, without taking funds retroactively:
///
/// - accepted and spam records hold nothing (`deposit` 0): their storage was paid under the old
///   rules, and holding from their contributors now could fail or surprise them;
/// - plain rejections are removed with their contributor-index entries and any content-index entry
///   still naming them, and leave their contributor's `rejected` count (which now counts spam only,
///   the records that stay);
/// - archived Datanets lose their Merkle frontiers, which nothing reads any more. (Their deposits
///   were released under the old rules; they keep holding nothing.)
///
/// One item (a contribution, then a Datanet) a step of [`WeightInfo::migrate_v1_step`], as
/// many steps a block as `pallet-migrations`' service weight allows: about 7,200 a block in the
/// runtime, so 59,908 contributions migrate in 9 blocks.
pub mod v1 {
	use crate::{
		weights::WeightInfo, Config, ContentIndex, Contribution, ContributionStatus, Contributions,
		ContributionsOf, ContributorStatsOf, DatanetStatus, Datanets, Frontiers, Pallet,
	};
	use codec::{Decode, Encode, MaxEncodedLen};
	use frame_support::{
		migrations::{MigrationId, SteppedMigration, SteppedMigrationError},
		pallet_prelude::*,
		weights::WeightMeter,
	};
	use openledger_primitives::{ContributionId, DatanetId};
	use sp_runtime::traits::{Saturating, Zero};

	/// How far the migration got: the last item it migrated.
	#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
	pub enum Cursor {
		/// The last contribution migrated, in storage order.
		Contribution(ContributionId),
		/// The last Datanet looked at, in storage order (contributions are all done).
		Datanet(DatanetId),
	}

	/// The migration from storage version 0 to 1, for `pallet-migrations`. Does nothing at any
	/// other version.
	pub struct MigrateToV1<T>(core::marker::PhantomData<T>);

	impl<T: Config> SteppedMigration for MigrateToV1<T> {
		type Cursor = Cursor;
		type Identifier = MigrationId<15>;

		fn id() -> Self::Identifier {
			MigrationId { pallet_id: *b"pallet-datanets", version_from: 0, version_to: 1 }
		}

		fn step(
			mut cursor: Option<Cursor>,
			meter: &mut WeightMeter,
		) -> Result<Option<Cursor>, SteppedMigrationError> {
			if Pallet::<T>::on_chain_storage_version() != StorageVersion::new(0) {
				return Ok(None);
			}
			let required = T::WeightInfo::migrate_v1_step();
			if meter.remaining().any_lt(required) {
				return Err(SteppedMigrationError::InsufficientWeight { required });
			}
			while meter.try_consume(required).is_ok() {
				cursor = migrate_next::<T>(cursor);
				if cursor.is_none() {
					StorageVersion::new(1).put::<Pallet<T>>();
					break;
				}
			}
			Ok(cursor)
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			Pallet::<T>::do_try_state()
		}
	}

	/// Migrates the item after `cursor`; returns the new cursor, `None` once all are done.
	/// Public for its benchmark.
	pub fn migrate_next<T: Config>(cursor: Option<Cursor>) -> Option<Cursor> {
		match cursor {
			None => migrate_contribution_after::<T>(None),
			Some(Cursor::Contribution(last)) => migrate_contribution_after::<T>(Some(last)),
			Some(Cursor::Datanet(last)) => migrate_datanet_after::<T>(Some(last)),
		}
	}

	fn migrate_contribution_after<T: Config>(last: Option<ContributionId>) -> Option<Cursor> {
		let mut records = match last {
			Some(id) => Contributions::<T>::iter_from(Contributions::<T>::hashed_key_for(id)),
			None => Contributions::<T>::iter(),
		};
		let Some((id, mut c)) = records.next() else {
			return migrate_datanet_after::<T>(None);
		};
		match c.status {
			ContributionStatus::Pending => {},
			ContributionStatus::Rejected { spam: false } => remove_plain_rejection::<T>(id, &c),
			_ => {
				c.deposit = Zero::zero();
				Contributions::<T>::insert(id, c);
			},
		}
		Some(Cursor::Contribution(id))
	}

	fn remove_plain_rejection<T: Config>(id: ContributionId, c: &Contribution<T>) {
		Contributions::<T>::remove(id);
		ContributionsOf::<T>::remove(&c.contributor, id);
		if ContentIndex::<T>::get(c.datanet, c.content_hash) == Some(id) {
			ContentIndex::<T>::remove(c.datanet, c.content_hash);
		}
		let mut stats = ContributorStatsOf::<T>::get(&c.contributor);
		stats.rejected.saturating_dec();
		Pallet::<T>::put_stats(&c.contributor, stats);
	}

	fn migrate_datanet_after<T: Config>(last: Option<DatanetId>) -> Option<Cursor> {
		let mut datanets = match last {
			Some(id) => Datanets::<T>::iter_from(Datanets::<T>::hashed_key_for(id)),
			None => Datanets::<T>::iter(),
		};
		let (id, datanet) = datanets.next()?;
		if datanet.status == DatanetStatus::Archived {
			Frontiers::<T>::remove(id);
		}
		Some(Cursor::Datanet(id))
	}
}
