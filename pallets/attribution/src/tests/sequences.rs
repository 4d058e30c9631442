//! Random sequences of requests, settlements, refunds, claims and epoch closes: after every
//! step both pallets' invariants hold and every OPEN is still somewhere.

use crate::{mock::*, Settlement};
use frame_support::{traits::Hooks, BoundedVec};
use sp_core::H256;

/// A small deterministic generator (xorshift64), so a failure replays exactly.
struct Rng(u64);
impl Rng {
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 << 13;
		self.0 ^= self.0 >> 7;
		self.0 ^= self.0 << 17;
		self.0
	}
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n
	}
}

/// The sum of every account's free and reserved (held) balance.
fn all_balances() -> u64 {
	frame_system::Account::<Test>::iter()
		.map(|(_, a)| a.data.free + a.data.reserved)
		.sum()
}

#[test]
fn random_sequences_keep_every_open_and_every_invariant() {
	for seed in 1..=8u64 {
		build_and_execute(|| {
			let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
			let issuance = Balances::total_issuance();
			assert_eq!(all_balances(), issuance);
			assert_eq!(Rewards::set_emission(RuntimeOrigin::root(), 5_000), Ok(()));
			for _ in 0..300 {
				let pending: Vec<u64> = pending_ids();
				let pick = |rng: &mut Rng| {
					pending
						.get(rng.below(pending.len().max(1) as u64) as usize)
						.copied()
						.unwrap_or(0)
				};
				// Failed calls are part of the test: they must change nothing.
				let _ = match rng.below(6) {
					0 | 1 => Attribution::request_inference(
						RuntimeOrigin::signed(DAVE),
						0,
						FEE,
						H256::zero(),
					),
					2 => {
						let entries: Vec<(u64, u32)> = (0..rng.below(4))
							.map(|_| (10 + rng.below(3), rng.below(70) as u32))
							.collect();
						Attribution::settle_inference(
							RuntimeOrigin::signed(EVE),
							pick(&mut rng),
							H256::zero(),
							attribution(&entries),
						)
						.map(|_| ())
						.map_err(|e| e.error)
					},
					3 => {
						let batch: BoundedVec<_, _> = (0..1 + rng.below(3))
							.map(|_| Settlement::<Test> {
								inference: pick(&mut rng),
								output_hash: H256::zero(),
								attribution: attribution(&[(10, 50), (11, rng.below(51) as u32)]),
							})
							.collect::<Vec<_>>()
							.try_into()
							.unwrap();
						Attribution::settle_batch(RuntimeOrigin::signed(EVE), batch)
							.map(|_| ())
							.map_err(|e| e.error)
					},
					4 => Attribution::refund(RuntimeOrigin::signed(DAVE), pick(&mut rng)),
					_ => {
						let who = [ALICE, BOB, CHARLIE, EVE][rng.below(4) as usize];
						Rewards::claim(RuntimeOrigin::signed(who))
					},
				};
				// Time passes: refunds become possible, epochs close, records expire.
				for _ in 0..rng.below(30) {
					let next = System::block_number() + 1;
					System::set_block_number(next);
					Rewards::on_initialize(next);
					Attribution::on_idle(next, room_for_prunes(3));
				}
				Attribution::do_try_state().expect("attribution invariants");
				Rewards::do_try_state().expect("rewards invariants");
				assert_eq!(Balances::total_issuance(), issuance);
				assert_eq!(all_balances(), issuance);
			}
			// The sequence exercised every path, not only the errors.
			let happened = |wanted: fn(&RuntimeEvent) -> bool| {
				System::events().iter().filter(|r| wanted(&r.event)).count()
			};
			assert!(
				happened(|e| matches!(
					e,
					RuntimeEvent::Attribution(crate::Event::InferenceSettled { .. })
				)) > 0
			);
			assert!(
				happened(|e| matches!(
					e,
					RuntimeEvent::Attribution(crate::Event::InferenceRefunded { .. })
				)) > 0
			);
			assert!(
				happened(|e| matches!(
					e,
					RuntimeEvent::Attribution(crate::Event::RecordsPruned { .. })
				)) > 0
			);
			assert!(
				happened(|e| matches!(
					e,
					RuntimeEvent::Rewards(pallet_rewards::Event::Claimed { .. })
				)) > 0
			);
			assert!(
				happened(|e| matches!(
					e,
					RuntimeEvent::Rewards(pallet_rewards::Event::EpochClosed { emitted, .. }) if *emitted > 0
				)) > 0
			);
		});
	}
}
