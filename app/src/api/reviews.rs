//! QA reviews: supervisors sample and score agents' solved cases; agents read
//! their own reviews.

mod my_reviews;
mod qa_sample;
mod save_review;

pub use my_reviews::{my_reviews, MyReviews};
pub use qa_sample::{qa_sample, QaSample};
pub use save_review::{save_review, SaveReview};
