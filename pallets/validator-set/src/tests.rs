//! Unit tests: every call's success path, every error, events, and the session hand-off.

use crate::{mock::*, Error, Event, Validators};
use frame_support::{assert_noop, assert_ok};
use pallet_session::SessionManager;
use sp_runtime::DispatchError;

fn validators() -> Vec<u64> {
	Validators::<Test>::get().into_inner()
}

#[test]
fn genesis_sets_the_initial_validators() {
	build_and_execute(|| {
		assert_eq!(validators(), vec![1, 2]);
	});
}

#[test]
fn root_adds_a_validator_with_keys() {
	build_and_execute(|| {
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 3));
		assert_eq!(validators(), vec![1, 2, 3]);
		System::assert_last_event(Event::ValidatorAdded { who: 3, validators: 3 }.into());
	});
}

#[test]
fn add_rejects_a_non_admin_origin() {
	build_and_execute(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::signed(1), 3),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn add_rejects_an_existing_validator() {
	build_and_execute(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 2),
			Error::<Test>::AlreadyValidator
		);
	});
}

#[test]
fn add_rejects_an_account_without_session_keys() {
	build_and_execute(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 42),
			Error::<Test>::NoSessionKeys
		);
	});
}

#[test]
fn add_rejects_a_full_set() {
	build_and_execute(|| {
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 3));
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 5),
			Error::<Test>::TooManyValidators
		);
	});
}

#[test]
fn root_removes_a_validator() {
	build_and_execute(|| {
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 3));
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 1));
		assert_eq!(validators(), vec![2, 3]);
		System::assert_last_event(Event::ValidatorRemoved { who: 1, validators: 2 }.into());
	});
}

#[test]
fn remove_rejects_a_non_admin_origin() {
	build_and_execute(|| {
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 3));
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::signed(3), 1),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn remove_rejects_a_non_validator() {
	build_and_execute(|| {
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 5),
			Error::<Test>::NotValidator
		);
	});
}

#[test]
fn remove_keeps_min_validators() {
	build_and_execute(|| {
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 1),
			Error::<Test>::TooFewValidators
		);
	});
}

#[test]
fn session_manager_reports_the_set_at_every_rotation() {
	build_and_execute(|| {
		assert_eq!(ValidatorSet::new_session(1), Some(vec![1, 2]));
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 3));
		assert_eq!(ValidatorSet::new_session(2), Some(vec![1, 2, 3]));
		// Unchanged sets are reported too, so keys registered late are still picked up.
		assert_eq!(ValidatorSet::new_session(3), Some(vec![1, 2, 3]));
	});
}

#[test]
fn try_state_catches_a_duplicate() {
	new_test_ext().execute_with(|| {
		Validators::<Test>::put(frame_support::BoundedVec::truncate_from(vec![1, 1]));
		assert!(ValidatorSet::do_try_state().is_err());
	});
}

#[test]
fn a_validator_cannot_purge_its_keys_until_it_leaves_the_set() {
	build_and_execute(|| {
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 3));
		assert_noop!(
			ValidatorSet::purge_keys(RuntimeOrigin::signed(3)),
			Error::<Test>::StillValidator
		);
		assert!(KeyHolders::get().contains(&3));
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 3));
		assert_ok!(ValidatorSet::purge_keys(RuntimeOrigin::signed(3)));
		assert!(!KeyHolders::get().contains(&3));
		// Anyone outside the set may purge; without keys, the session's error comes back.
		assert_ok!(ValidatorSet::purge_keys(RuntimeOrigin::signed(4)));
		assert!(ValidatorSet::purge_keys(RuntimeOrigin::signed(4)).is_err());
		assert_noop!(ValidatorSet::purge_keys(RuntimeOrigin::none()), DispatchError::BadOrigin);
	});
}

/// `pallet-offences` reporting `who` for an offence in session 7.
fn report(offenders: &[u64]) {
	use sp_staking::offence::{OffenceDetails, OnOffenceHandler};
	let details: Vec<_> = offenders
		.iter()
		.map(|&who| OffenceDetails { offender: (who, ()), reporters: vec![9u64] })
		.collect();
	let _weight = <ValidatorSet as OnOffenceHandler<u64, (u64, ()), _>>::on_offence(
		&details,
		&vec![sp_runtime::Perbill::zero(); details.len()],
		7,
	);
}

#[test]
fn an_offender_leaves_the_set_and_the_next_session_plans_without_it() {
	build_and_execute(|| {
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 3));
		report(&[3]);
		assert_eq!(validators(), vec![1, 2]);
		System::assert_last_event(
			Event::OffenderReported { who: 3, session: 7, removed: true, validators: 2 }.into(),
		);
		assert_eq!(ValidatorSet::new_session(8), Some(vec![1, 2]));
	});
}

#[test]
fn an_offender_stays_when_leaving_would_break_min_validators_and_a_second_report_changes_nothing() {
	build_and_execute(|| {
		// Two validators, MinValidators = 2: the chain must keep both to author and finalize.
		report(&[2]);
		assert_eq!(validators(), vec![1, 2]);
		System::assert_last_event(
			Event::OffenderReported { who: 2, session: 7, removed: false, validators: 2 }.into(),
		);
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 3));
		report(&[3]);
		// The same offence reported again, with its earlier offender: nobody else leaves.
		report(&[3, 1]);
		assert_eq!(validators(), vec![1, 2]);
		System::assert_last_event(
			Event::OffenderReported { who: 1, session: 7, removed: false, validators: 2 }.into(),
		);
	});
}

#[test]
fn historical_sessions_identify_each_member() {
	build_and_execute(|| {
		assert_eq!(
			<ValidatorSet as pallet_session::historical::SessionManager<u64, ()>>::new_session(1),
			Some(vec![(1, ()), (2, ())])
		);
	});
}

#[test]
fn removing_an_offender_starts_the_next_two_sessions_at_once() {
	use crate::{EarlySessions, EndSessionEarlyAfterOffence};
	use pallet_session::ShouldEndSession;
	/// Sessions of 100 blocks.
	struct Every100;
	impl ShouldEndSession<u64> for Every100 {
		fn should_end_session(now: u64) -> bool {
			now.is_multiple_of(100)
		}
	}
	type Ends = EndSessionEarlyAfterOffence<Test, Every100>;
	build_and_execute(|| {
		assert!(!Ends::should_end_session(7));
		assert!(Ends::should_end_session(100));
		// A report that removes nobody changes nothing.
		report(&[1]);
		assert!(!Ends::should_end_session(7));

		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 3));
		report(&[3]);
		assert_eq!(EarlySessions::<Test>::get(), 2);
		assert!(Ends::should_end_session(8), "a session starts in the next block");
		assert_eq!(ValidatorSet::new_session(8), Some(vec![1, 2]));
		assert!(Ends::should_end_session(9), "and one more in the block after");
		assert_eq!(ValidatorSet::new_session(9), Some(vec![1, 2]));
		assert!(!Ends::should_end_session(10), "then sessions are regular again");
		assert!(Ends::should_end_session(200));
	});
}
