//! Sign-in, sign-out and who am I.

mod current_user;
mod login;
mod logout;

pub use current_user::{current_user, CurrentUser};
pub use login::{login, Login};
pub use logout::{logout, Logout};
