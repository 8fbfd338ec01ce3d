//! The board: every queue's live figures and every agent.

use crate::domain::board::Board;
use crate::error::AppError;
use leptos::prelude::*;

/// The board as of at least event `after` (waits up to a second for this
/// node's tally to apply it), so a refresh after an event shows that event.
#[server(endpoint = "get_board")]
pub async fn get_board(after: Option<i64>) -> Result<Board, AppError> {
    use crate::api::caller::{finish, require_role, state};
    use crate::domain::board::BoardQueue;
    use crate::domain::{Presence, QueueId, Role, UserId};
    use std::time::Duration;

    finish(
        async {
            require_role(&[Role::Supervisor, Role::Admin]).await?;
            let state = state()?;
            let wanted = after.unwrap_or(-1).max(0);
            if !state.board.caught_up(wanted, Duration::from_secs(1)).await {
                tracing::warn!(wanted, applied = state.board.applied(), "board behind");
            }
            let now = state.storage.now();
            let (facts, mut agents) = tokio::try_join!(
                state.storage.board_queues(now),
                state.storage.board_agents(now)
            )?;
            let as_of = state.board.applied().max(0);
            let queue_ids: Vec<QueueId> = facts.iter().map(|q| q.id).collect();
            let agent_ids: Vec<UserId> = agents.iter().map(|a| a.id).collect();
            let (counts, loads) = state.board.read(&queue_ids, &agent_ids);
            for (a, load) in agents.iter_mut().zip(loads) {
                a.load = load;
            }
            let queues = facts
                .into_iter()
                .zip(counts)
                .map(|(q, counts)| {
                    let members = agents.iter().filter(|a| a.queues.contains(&q.id));
                    let (mut online, mut away, mut load, mut capacity) = (0, 0, 0, 0);
                    for a in members {
                        match a.presence {
                            Presence::Online => {
                                online += 1;
                                load += a.load;
                                if !a.routing_paused {
                                    capacity += a.capacity;
                                }
                            }
                            Presence::Away => away += 1,
                            Presence::Offline => {}
                        }
                    }
                    BoardQueue {
                        id: q.id,
                        name: q.name,
                        counts,
                        online,
                        away,
                        load,
                        capacity,
                        arrivals_last_hour: q.arrivals_last_hour,
                        handle_ms: q.handle_ms,
                    }
                })
                .collect();
            Ok(Board {
                queues,
                agents,
                now,
                as_of,
            })
        }
        .await,
    )
}
