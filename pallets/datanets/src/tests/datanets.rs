//! Creating Datanets and the owner's controls.

use crate::{mock::*, Access, DatanetStatus, Datanets as DatanetsStorage, Error, Event, Policy};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::{DispatchError, DispatchResult, TokenError};

fn datanet(id: u32) -> crate::Datanet<Test> {
	DatanetsStorage::<Test>::get(id).unwrap()
}

/// Checks that every call reserved to the owner fails with `error` and changes nothing when
/// `who` makes it on Datanet `id`.
fn assert_owner_calls_fail(who: u64, id: u32, error: Error<Test>) {
	let origin = || RuntimeOrigin::signed(who);
	let calls: [(&str, Box<dyn Fn() -> DispatchResult>); 9] = [
		(
			"update_metadata",
			Box::new(|| {
				Datanets::update_metadata(
					origin(),
					id,
					bounded(b"x"),
					bounded(b""),
					Default::default(),
				)
			}),
		),
		("set_policy", Box::new(|| Datanets::set_policy(origin(), id, open_policy()))),
		("add_curator", Box::new(|| Datanets::add_curator(origin(), id, CHARLIE))),
		("remove_curator", Box::new(|| Datanets::remove_curator(origin(), id, CHARLIE))),
		("pause", Box::new(|| Datanets::pause(origin(), id))),
		("resume", Box::new(|| Datanets::resume(origin(), id))),
		("archive", Box::new(|| Datanets::archive(origin(), id))),
		("transfer_ownership", Box::new(|| Datanets::transfer_ownership(origin(), id, CHARLIE))),
		("publish_version", Box::new(|| Datanets::publish_version(origin(), id))),
	];
	let error: DispatchError = error.into();
	for (name, call) in calls {
		let before = sp_io::storage::root(sp_runtime::StateVersion::V1);
		assert_eq!(call(), Err(error), "{name}");
		let after = sp_io::storage::root(sp_runtime::StateVersion::V1);
		assert_eq!(before, after, "{name} changed storage");
	}
}

#[test]
fn create_holds_the_deposit_and_records_the_datanet() {
	build_and_execute(|| {
		assert_eq!(create(ALICE), 0);
		assert_eq!(create(BOB), 1);

		let d = datanet(0);
		assert_eq!((d.owner, d.depositor, d.deposit), (ALICE, ALICE, DATANET_DEPOSIT));
		assert_eq!(d.name.to_vec(), b"med".to_vec());
		assert_eq!(d.status, DatanetStatus::Active);
		assert_eq!(d.policy, open_policy());
		assert_eq!(d.created_at, 1);
		assert_eq!(datanet_hold(ALICE), DATANET_DEPOSIT);
		assert_eq!(free(ALICE), ENDOWMENT - DATANET_DEPOSIT);
		assert_eq!(
			events(),
			vec![
				Event::DatanetCreated { datanet: 0, owner: ALICE, deposit: DATANET_DEPOSIT },
				Event::DatanetCreated { datanet: 1, owner: BOB, deposit: DATANET_DEPOSIT },
			]
		);
	});
}

#[test]
fn create_refuses_bad_metadata_and_policies() {
	build_and_execute(|| {
		let create = |who, name: &[u8], policy| {
			Datanets::create_datanet(
				RuntimeOrigin::signed(who),
				bounded(name),
				bounded(b""),
				Default::default(),
				policy,
			)
		};
		assert_noop!(create(ALICE, b"", open_policy()), Error::<Test>::EmptyName);
		let cheap = Policy { contribution_deposit: MIN_CONTRIBUTION_DEPOSIT - 1, ..open_policy() };
		assert_noop!(create(ALICE, b"med", cheap), Error::<Test>::DepositBelowMinimum);
		let empty = Policy { max_contribution_bytes: 0, ..open_policy() };
		assert_noop!(create(ALICE, b"med", empty), Error::<Test>::ZeroMaxContributionSize);
		assert_noop!(create(POOR, b"med", open_policy()), TokenError::FundsUnavailable);
		// The minimum deposit itself is fine.
		let minimal = Policy { contribution_deposit: MIN_CONTRIBUTION_DEPOSIT, ..open_policy() };
		assert_ok!(create(ALICE, b"med", minimal));
	});
}

#[test]
fn the_owner_updates_metadata_and_policy() {
	build_and_execute(|| {
		let id = create(ALICE);
		let tags = vec![bounded(b"bio"), bounded(b"fr")].try_into().unwrap();
		assert_ok!(Datanets::update_metadata(
			RuntimeOrigin::signed(ALICE),
			id,
			bounded(b"medical"),
			bounded(b"ipfs://v2"),
			tags
		));
		let d = datanet(id);
		assert_eq!(d.name.to_vec(), b"medical".to_vec());
		assert_eq!(d.description.to_vec(), b"ipfs://v2".to_vec());
		assert_eq!(d.tags.len(), 2);
		assert_eq!(last_event(), Event::MetadataUpdated { datanet: id });

		let policy = Policy {
			access: Access::Permissioned,
			contribution_deposit: 50,
			max_contribution_bytes: 5,
		};
		assert_ok!(Datanets::set_policy(RuntimeOrigin::signed(ALICE), id, policy));
		assert_eq!(datanet(id).policy, policy);
		assert_eq!(last_event(), Event::PolicyUpdated { datanet: id, policy });
	});
}

#[test]
fn only_the_owner_controls_a_datanet() {
	build_and_execute(|| {
		let id = create(ALICE);
		assert_owner_calls_fail(BOB, id, Error::<Test>::NotOwner);
		// A curator is not an owner either.
		assert_ok!(Datanets::add_curator(RuntimeOrigin::signed(ALICE), id, BOB));
		assert_owner_calls_fail(BOB, id, Error::<Test>::NotOwner);
	});
}

#[test]
fn owner_calls_on_an_unknown_datanet_fail() {
	build_and_execute(|| {
		create(ALICE);
		assert_owner_calls_fail(ALICE, 7, Error::<Test>::UnknownDatanet);
	});
}

#[test]
fn update_and_set_policy_validate_their_input() {
	build_and_execute(|| {
		let id = create(ALICE);
		let alice = RuntimeOrigin::signed(ALICE);
		assert_noop!(
			Datanets::update_metadata(
				alice.clone(),
				id,
				bounded(b""),
				bounded(b""),
				Default::default()
			),
			Error::<Test>::EmptyName
		);
		let cheap = Policy { contribution_deposit: 0, ..open_policy() };
		assert_noop!(
			Datanets::set_policy(alice.clone(), id, cheap),
			Error::<Test>::DepositBelowMinimum
		);
		let empty = Policy { max_contribution_bytes: 0, ..open_policy() };
		assert_noop!(
			Datanets::set_policy(alice, id, empty),
			Error::<Test>::ZeroMaxContributionSize
		);
	});
}

#[test]
fn curators_are_added_and_removed_within_bounds() {
	build_and_execute(|| {
		let id = create(ALICE);
		let alice = RuntimeOrigin::signed(ALICE);
		assert_ok!(Datanets::add_curator(alice.clone(), id, BOB));
		assert_eq!(last_event(), Event::CuratorAdded { datanet: id, curator: BOB });
		assert_noop!(Datanets::add_curator(alice.clone(), id, BOB), Error::<Test>::AlreadyCurator);
		assert_ok!(Datanets::add_curator(alice.clone(), id, CHARLIE));
		// MaxCurators is 2 in the mock.
		assert_noop!(
			Datanets::add_curator(alice.clone(), id, DAVE),
			Error::<Test>::TooManyCurators
		);
		assert_eq!(datanet(id).curators.to_vec(), vec![BOB, CHARLIE]);

		assert_ok!(Datanets::remove_curator(alice.clone(), id, BOB));
		assert_eq!(last_event(), Event::CuratorRemoved { datanet: id, curator: BOB });
		assert_eq!(datanet(id).curators.to_vec(), vec![CHARLIE]);
		assert_noop!(Datanets::remove_curator(alice.clone(), id, BOB), Error::<Test>::NotCurator);
		assert_ok!(Datanets::add_curator(alice, id, DAVE));
	});
}

#[test]
fn pause_and_resume_toggle_the_status() {
	build_and_execute(|| {
		let id = create(ALICE);
		let alice = RuntimeOrigin::signed(ALICE);
		assert_noop!(Datanets::resume(alice.clone(), id), Error::<Test>::NotPaused);
		assert_ok!(Datanets::pause(alice.clone(), id));
		assert_eq!(datanet(id).status, DatanetStatus::Paused);
		assert_eq!(last_event(), Event::DatanetPaused { datanet: id });
		assert_noop!(Datanets::pause(alice.clone(), id), Error::<Test>::AlreadyPaused);
		assert_ok!(Datanets::resume(alice.clone(), id));
		assert_eq!(datanet(id).status, DatanetStatus::Active);
		assert_eq!(last_event(), Event::DatanetResumed { datanet: id });
	});
}

#[test]
fn archive_releases_the_deposit_to_the_depositor_and_freezes_the_datanet() {
	build_and_execute(|| {
		let id = create(ALICE);
		assert_ok!(Datanets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, BOB));
		assert_ok!(Datanets::archive(RuntimeOrigin::signed(BOB), id));
		// Alice paid the deposit, so she gets it back although Bob archived.
		assert_eq!(datanet_hold(ALICE), 0);
		assert_eq!(free(ALICE), ENDOWMENT);
		assert_eq!(free(BOB), ENDOWMENT);
		assert_eq!(
			last_event(),
			Event::DatanetArchived {
				datanet: id,
				depositor: ALICE,
				deposit_released: DATANET_DEPOSIT,
				deposit_kept: 0,
			}
		);
		let d = datanet(id);
		assert_eq!((d.status, d.deposit), (DatanetStatus::Archived, 0));

		assert_owner_calls_fail(BOB, id, Error::<Test>::DatanetArchived);
		assert_noop!(
			Datanets::contribute(
				RuntimeOrigin::signed(CHARLIE),
				id,
				hash(1),
				10,
				bounded(b""),
				bounded(b""),
				u64::MAX
			),
			Error::<Test>::DatanetArchived
		);
	});
}

#[test]
fn archive_waits_for_pending_contributions() {
	build_and_execute(|| {
		let id = create(ALICE);
		let c = contribute(BOB, id, 1);
		let alice = RuntimeOrigin::signed(ALICE);
		assert_noop!(Datanets::archive(alice.clone(), id), Error::<Test>::PendingContributions);
		assert_ok!(Datanets::review(alice.clone(), c, crate::Verdict::Accept));
		assert_ok!(Datanets::archive(alice, id));
	});
}

#[test]
fn transfer_ownership_hands_over_control() {
	build_and_execute(|| {
		let id = create(ALICE);
		let alice = RuntimeOrigin::signed(ALICE);
		assert_noop!(
			Datanets::transfer_ownership(alice.clone(), id, ALICE),
			Error::<Test>::AlreadyOwner
		);
		assert_ok!(Datanets::transfer_ownership(alice.clone(), id, BOB));
		assert_eq!(last_event(), Event::OwnershipTransferred { datanet: id, from: ALICE, to: BOB });
		let d = datanet(id);
		assert_eq!((d.owner, d.depositor), (BOB, ALICE));
		// The deposit stays where it was.
		assert_eq!((datanet_hold(ALICE), datanet_hold(BOB)), (DATANET_DEPOSIT, 0));
		assert_noop!(Datanets::pause(alice, id), Error::<Test>::NotOwner);
		assert_ok!(Datanets::pause(RuntimeOrigin::signed(BOB), id));
	});
}

#[test]
fn unsigned_origins_are_refused() {
	build_and_execute(|| {
		let id = create(ALICE);
		assert_noop!(
			Datanets::pause(RuntimeOrigin::none(), id),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			Datanets::pause(RuntimeOrigin::root(), id),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}
