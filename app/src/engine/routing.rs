//! Routing: which agent takes a case. A pure choice over a snapshot of the
//! agents; the storage applies it in one transaction that re-checks capacity, so
//! two routers racing on two nodes can never push an agent over it or give a
//! case two assignees.
//!
//! Eligible: online, not paused, a member of the case's queue, every skill the
//! case needs, speaks the case's language (if it has one), below capacity. Among
//! the eligible the least loaded (open cases ÷ capacity) wins; ties go to whoever
//! was assigned longest ago (round robin), then the lowest id.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::domain::{Presence, QueueId, UserId};

/// An agent as routing sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: UserId,
    pub presence: Presence,
    /// A supervisor paused routing to this agent.
    pub paused: bool,
    pub queues: Vec<QueueId>,
    pub skills: Vec<String>,
    pub languages: Vec<String>,
    /// Most open cases at once.
    pub capacity: u32,
    /// Open cases assigned now.
    pub load: u32,
    /// When the agent was last given a case (Unix ms; 0 = never).
    pub last_assigned_at: i64,
}

/// What the case needs.
#[derive(Debug, Clone, Copy)]
pub struct Need<'a> {
    pub queue: QueueId,
    pub skills: &'a [String],
    /// ISO 639-1 code; `None` = any language.
    pub language: Option<&'a str>,
}

/// Why an agent cannot take the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ineligible {
    NotOnline,
    Paused,
    NotInQueue,
    MissingSkill,
    Language,
    AtCapacity,
}

/// Whether `c` may take a case with `need`, and if not, why.
pub fn check(c: &Candidate, need: &Need<'_>) -> Result<(), Ineligible> {
    if c.presence != Presence::Online {
        return Err(Ineligible::NotOnline);
    }
    if c.paused {
        return Err(Ineligible::Paused);
    }
    if !c.queues.contains(&need.queue) {
        return Err(Ineligible::NotInQueue);
    }
    if !need
        .skills
        .iter()
        .all(|s| c.skills.iter().any(|k| k.eq_ignore_ascii_case(s)))
    {
        return Err(Ineligible::MissingSkill);
    }
    if let Some(lang) = need.language {
        if !c.languages.iter().any(|l| l.eq_ignore_ascii_case(lang)) {
            return Err(Ineligible::Language);
        }
    }
    if c.load >= c.capacity {
        return Err(Ineligible::AtCapacity);
    }
    Ok(())
}

/// Least loaded first (load ÷ capacity, compared exactly), then longest since
/// the last assignment, then lowest id.
fn order(a: &Candidate, b: &Candidate) -> Ordering {
    let ratio = (u64::from(a.load) * u64::from(b.capacity))
        .cmp(&(u64::from(b.load) * u64::from(a.capacity)));
    ratio
        .then(a.last_assigned_at.cmp(&b.last_assigned_at))
        .then(a.id.0.cmp(&b.id.0))
}

/// The agent who should take the case, if anyone can.
pub fn choose(candidates: &[Candidate], need: &Need<'_>) -> Option<UserId> {
    candidates
        .iter()
        .filter(|c| check(c, need).is_ok())
        .min_by(|a, b| order(a, b))
        .map(|c| c.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const Q: QueueId = QueueId(1);

    fn agent(id: i64, load: u32, capacity: u32) -> Candidate {
        Candidate {
            id: UserId(id),
            presence: Presence::Online,
            paused: false,
            queues: vec![Q],
            skills: vec!["billing".into()],
            languages: vec!["en".into()],
            capacity,
            load,
            last_assigned_at: 0,
        }
    }

    fn need() -> Need<'static> {
        Need {
            queue: Q,
            skills: &[],
            language: None,
        }
    }

    #[test]
    fn each_reason_makes_an_agent_ineligible() {
        let skills = ["refunds".to_string()];
        let cases: Vec<(Candidate, Need<'_>, Ineligible)> = vec![
            (
                Candidate {
                    presence: Presence::Away,
                    ..agent(1, 0, 3)
                },
                need(),
                Ineligible::NotOnline,
            ),
            (
                Candidate {
                    presence: Presence::Offline,
                    ..agent(1, 0, 3)
                },
                need(),
                Ineligible::NotOnline,
            ),
            (
                Candidate {
                    paused: true,
                    ..agent(1, 0, 3)
                },
                need(),
                Ineligible::Paused,
            ),
            (
                Candidate {
                    queues: vec![QueueId(2)],
                    ..agent(1, 0, 3)
                },
                need(),
                Ineligible::NotInQueue,
            ),
            (
                agent(1, 0, 3),
                Need {
                    skills: &skills,
                    ..need()
                },
                Ineligible::MissingSkill,
            ),
            (
                agent(1, 0, 3),
                Need {
                    language: Some("de"),
                    ..need()
                },
                Ineligible::Language,
            ),
            (agent(1, 3, 3), need(), Ineligible::AtCapacity),
            (agent(1, 0, 0), need(), Ineligible::AtCapacity),
        ];
        for (c, n, why) in cases {
            assert_eq!(check(&c, &n), Err(why));
            assert_eq!(choose(&[c], &n), None);
        }
        let billing = ["BILLING".to_string()];
        assert_eq!(
            check(
                &agent(1, 2, 3),
                &Need {
                    skills: &billing,
                    language: Some("EN"),
                    ..need()
                }
            ),
            Ok(())
        );
    }

    #[test]
    fn the_least_loaded_relative_to_capacity_wins() {
        // 2 of 4 (50 %) beats 2 of 3 (67 %) even though both have 2 cases.
        assert_eq!(
            choose(&[agent(1, 2, 3), agent(2, 2, 4)], &need()),
            Some(UserId(2))
        );
        assert_eq!(
            choose(&[agent(1, 1, 3), agent(2, 2, 4)], &need()),
            Some(UserId(1))
        );
    }

    #[test]
    fn ties_go_round_robin_then_by_id() {
        let a = Candidate {
            last_assigned_at: 2_000,
            ..agent(1, 1, 3)
        };
        let b = Candidate {
            last_assigned_at: 1_000,
            ..agent(2, 1, 3)
        };
        assert_eq!(choose(&[a.clone(), b.clone()], &need()), Some(UserId(2)));
        let b = Candidate {
            last_assigned_at: 2_000,
            ..b
        };
        assert_eq!(choose(&[b, a], &need()), Some(UserId(1)));
    }

    #[test]
    fn round_robin_spreads_equal_agents_evenly() {
        let mut team: Vec<Candidate> = (1..=3).map(|i| agent(i, 0, 10)).collect();
        for now in 1..=9 {
            let id = choose(&team, &need()).unwrap();
            let c = team.iter_mut().find(|c| c.id == id).unwrap();
            c.load += 1;
            c.last_assigned_at = now;
        }
        assert!(team.iter().all(|c| c.load == 3), "{team:?}");
    }

    fn arb_candidate() -> impl Strategy<Value = Candidate> {
        (
            1i64..50,
            prop_oneof![
                Just(Presence::Online),
                Just(Presence::Away),
                Just(Presence::Offline)
            ],
            any::<bool>(),
            prop::collection::vec(1i64..4, 0..3),
            0u32..6,
            0u32..8,
            0i64..100,
            any::<bool>(),
        )
            .prop_map(
                |(id, presence, paused, queues, capacity, load, last, german)| Candidate {
                    id: UserId(id),
                    presence,
                    paused,
                    queues: queues.into_iter().map(QueueId).collect(),
                    skills: vec![],
                    languages: if german {
                        vec!["de".into()]
                    } else {
                        vec!["en".into()]
                    },
                    capacity,
                    load,
                    last_assigned_at: last,
                },
            )
    }

    proptest! {
        #[test]
        fn the_choice_is_eligible_below_capacity_and_none_is_less_loaded(
            team in prop::collection::vec(arb_candidate(), 0..12),
            queue in 1i64..4,
            lang in prop_oneof![Just(None), Just(Some("en")), Just(Some("de"))],
        ) {
            let n = Need { queue: QueueId(queue), skills: &[], language: lang };
            match choose(&team, &n) {
                None => prop_assert!(team.iter().all(|c| check(c, &n).is_err())),
                Some(id) => {
                    let chosen = team.iter().filter(|c| c.id == id && check(c, &n).is_ok())
                        .min_by(|a, b| order(a, b)).unwrap();
                    prop_assert!(chosen.load < chosen.capacity);
                    prop_assert_eq!(chosen.presence, Presence::Online);
                    for other in team.iter().filter(|c| check(c, &n).is_ok()) {
                        // other.load / other.capacity >= chosen.load / chosen.capacity
                        prop_assert!(u64::from(other.load) * u64::from(chosen.capacity)
                            >= u64::from(chosen.load) * u64::from(other.capacity));
                    }
                }
            }
        }
    }
}
