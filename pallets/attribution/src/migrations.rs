//! Storage migrations, one module per storage version. They are multi-block migrations
//! (`pallet-migrations` runs them a bounded step at a time, blocks taking no transactions
//! meanwhile).

/// Version 1: pending fees wait in the escrow account, not in holds on their consumers.
///
/// Under version 0 a request held its fee on the consumer's account, and each settlement moved
/// it from there: two more reads and writes a settlement than one transfer from a shared
/// account for the whole call. This migration moves the fee of every request still pending
/// ([`Inference::PendingHeld`]) from its hold to [`Pallet::escrow`] and records it as
/// [`Inference::Pending`]. Blocks take no transactions and run no `on_idle` while it runs, so
/// nothing settles or refunds a request half-way.
///
/// Only ids from [`ExpiryCursor`] on can be pending, so those are all it reads: one inference a
/// step of [`WeightInfo::migrate_v1_step`], as many steps a block as `pallet-migrations`'
/// service weight allows.
pub mod v1 {
	use crate::{
		weights::WeightInfo, Config, Event, ExpiryCursor, HoldReason, Inference, Inferences,
		NextInferenceId, Pallet,
	};
	use frame_support::{
		migrations::{MigrationId, SteppedMigration, SteppedMigrationError},
		pallet_prelude::*,
		traits::{
			fungible::MutateHold,
			tokens::{Fortitude, Precision, Restriction},
		},
		weights::WeightMeter,
	};
	use openledger_primitives::InferenceId;
	use sp_runtime::traits::Saturating;

	/// The migration from storage version 0 to 1, for `pallet-migrations`. Does nothing at any
	/// other version.
	pub struct MigrateToV1<T>(core::marker::PhantomData<T>);

	impl<T: Config> SteppedMigration for MigrateToV1<T> {
		/// The next inference id to look at.
		type Cursor = InferenceId;
		type Identifier = MigrationId<18>;

		fn id() -> Self::Identifier {
			MigrationId { pallet_id: *b"pallet-attribution", version_from: 0, version_to: 1 }
		}

		fn step(
			cursor: Option<InferenceId>,
			meter: &mut WeightMeter,
		) -> Result<Option<InferenceId>, SteppedMigrationError> {
			if Pallet::<T>::on_chain_storage_version() != StorageVersion::new(0) {
				return Ok(None);
			}
			let required = T::WeightInfo::migrate_v1_step();
			if meter.remaining().any_lt(required) {
				return Err(SteppedMigrationError::InsufficientWeight { required });
			}
			let (mut next, end) =
				(cursor.unwrap_or_else(ExpiryCursor::<T>::get), NextInferenceId::<T>::get());
			while next < end {
				if meter.try_consume(required).is_err() {
					return Ok(Some(next));
				}
				migrate::<T>(next);
				next.saturating_inc();
			}
			StorageVersion::new(1).put::<Pallet<T>>();
			Ok(None)
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			Pallet::<T>::do_try_state()
		}
	}

	/// Moves inference `id`'s held fee to the escrow account, if it is a held request. Public
	/// for its benchmark.
	///
	/// A fee can fail to move only if it is below the existential deposit (version 0's least
	/// fee was 0.001 OPEN) while the escrow account does not exist yet, which such a fee cannot
	/// open: that request is refunded instead, its fee released to its consumer.
	pub fn migrate<T: Config>(id: InferenceId) {
		let Some(Inference::PendingHeld(pending)) = Inferences::<T>::get(id) else {
			return;
		};
		let reason = HoldReason::InferenceEscrow.into();
		let moved = T::Currency::transfer_on_hold(
			&reason,
			&pending.consumer,
			&Pallet::<T>::escrow(),
			pending.fee,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Force,
		);
		if moved.is_ok() {
			Inferences::<T>::insert(id, Inference::Pending(pending));
			return;
		}
		let released =
			T::Currency::release(&reason, &pending.consumer, pending.fee, Precision::BestEffort)
				.unwrap_or_default();
		Inferences::<T>::remove(id);
		Pallet::<T>::deposit_event(Event::InferenceRefunded {
			inference: id,
			consumer: pending.consumer,
			fee: released,
		});
	}
}

/// Version 2: a challengeable record says how its output is disclosed
/// ([`crate::ChallengeableRecord::disclosure`]).
///
/// Records settled under version 1 were settled before providers published outputs: each
/// becomes [`OutputDisclosure::Unstated`], which anyone may challenge, as before. The field is
/// the record's last, and a record is the last thing its [`Inference::Challengeable`] encodes,
/// so the migration appends `Unstated`'s encoding to each such value as stored, without
/// decoding it. Requests and older records are unchanged (a private request is a new variant,
/// [`Inference::PendingPrivate`]).
///
/// Records are kept by id under a hashed key and may be anywhere below `NextInferenceId`, so
/// the migration walks the map's keys: one inference a step of [`WeightInfo::migrate_v2_step`],
/// the cursor the last id migrated.
pub mod v2 {
	use crate::{weights::WeightInfo, Config, Inference, Inferences, OutputDisclosure, Pallet};
	use codec::Encode;
	use frame_support::{
		migrations::{MigrationId, SteppedMigration, SteppedMigrationError},
		pallet_prelude::*,
		storage::unhashed,
		weights::WeightMeter,
	};
	use openledger_primitives::InferenceId;

	/// The codec index of [`Inference::Challengeable`].
	const CHALLENGEABLE: u8 = 3;

	/// The migration from storage version 1 to 2, for `pallet-migrations`. Does nothing at any
	/// other version.
	pub struct MigrateToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> SteppedMigration for MigrateToV2<T> {
		/// The last inference migrated.
		type Cursor = InferenceId;
		type Identifier = MigrationId<18>;

		fn id() -> Self::Identifier {
			MigrationId { pallet_id: *b"pallet-attribution", version_from: 1, version_to: 2 }
		}

		fn step(
			mut cursor: Option<InferenceId>,
			meter: &mut WeightMeter,
		) -> Result<Option<InferenceId>, SteppedMigrationError> {
			if Pallet::<T>::on_chain_storage_version() != StorageVersion::new(1) {
				return Ok(None);
			}
			let required = T::WeightInfo::migrate_v2_step();
			if meter.remaining().any_lt(required) {
				return Err(SteppedMigrationError::InsufficientWeight { required });
			}
			let mut ids = match cursor {
				Some(last) =>
					Inferences::<T>::iter_keys_from(Inferences::<T>::hashed_key_for(last)),
				None => Inferences::<T>::iter_keys(),
			};
			loop {
				if meter.try_consume(required).is_err() {
					return Ok(cursor);
				}
				let Some(id) = ids.next() else {
					StorageVersion::new(2).put::<Pallet<T>>();
					return Ok(None);
				};
				migrate::<T>(id);
				cursor = Some(id);
			}
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			Pallet::<T>::do_try_state()
		}
	}

	/// Appends [`OutputDisclosure::Unstated`] to inference `id` if it is a challengeable record
	/// as version 1 stored it. Public for its benchmark and tests.
	pub fn migrate<T: Config>(id: InferenceId) {
		let key = Inferences::<T>::hashed_key_for(id);
		let Some(mut value) = unhashed::get_raw(&key) else {
			return;
		};
		if value.first() == Some(&CHALLENGEABLE) {
			OutputDisclosure::<()>::Unstated.encode_to(&mut value);
			unhashed::put_raw(&key, &value);
		}
	}

	/// What version 1 stored for `inference`: the encoding without the record's disclosure.
	/// For the tests and the benchmark, which write such values.
	pub fn as_stored_by_v1<T: Config>(inference: &Inference<T>) -> alloc::vec::Vec<u8> {
		let mut value = inference.encode();
		if let Inference::Challengeable(settled) = inference {
			value.truncate(value.len().saturating_sub(settled.disclosure.encoded_size()));
		}
		value
	}
}
