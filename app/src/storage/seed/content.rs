//! The words of the demo company: names, places, cars and realistic conversations.

use crate::domain::{Channel, Priority};

pub const FIRST_NAMES: &[&str] = &[
    "Olivia", "Noah", "Amelia", "Liam", "Isla", "Mateo", "Chloé", "Lukas", "Aisha", "Yusuf",
    "Hannah", "Tomás", "Freya", "Arjun", "Elena", "Kofi", "Mei", "Oskar", "Zara", "Daniel",
    "Ingrid", "Rafael", "Nadia", "Samuel", "Lucía", "Emil", "Fatima", "George", "Sakura",
    "Ibrahim", "Clara", "Marco", "Anya", "Hugo", "Leila", "Jack",
];

pub const LAST_NAMES: &[&str] = &[
    "Smith",
    "García",
    "Müller",
    "Rossi",
    "Dubois",
    "Kowalski",
    "Nakamura",
    "Okoye",
    "Johansson",
    "Silva",
    "O'Brien",
    "Novak",
    "Haddad",
    "Patel",
    "Jensen",
    "Moreau",
    "Fischer",
    "Costa",
    "Byrne",
    "Lindgren",
    "Tanaka",
    "Mensah",
    "Horvat",
    "Schmidt",
    "Kaur",
    "Romano",
    "Walsh",
    "Petrov",
    "Ahmed",
    "Larsen",
];

pub const CITIES: &[&str] = &[
    "London Heathrow",
    "Manchester Airport",
    "Edinburgh Waverley",
    "Dublin Airport",
    "Paris CDG",
    "Lyon Part-Dieu",
    "Berlin Hauptbahnhof",
    "Munich Airport",
    "Barcelona Sants",
    "Lisbon Airport",
    "Amsterdam Schiphol",
    "Rome Termini",
];

pub const VEHICLES: &[&str] = &[
    "VW Golf",
    "Toyota Corolla Hybrid",
    "Tesla Model 3",
    "Ford Transit Custom",
    "BMW 3 Series",
    "Renault Clio",
    "Skoda Octavia Estate",
    "Peugeot 3008",
    "Kia Niro EV",
    "Mercedes C-Class",
    "Fiat 500",
    "Volvo XC60",
];

/// A kind of case with its subjects and a typical conversation.
/// Lines are `(who, text)`: `c` customer, `a` agent reply, `n` internal note.
pub struct Scenario {
    pub queue: &'static str,
    pub priority: Priority,
    pub tier: &'static str,
    pub tag: &'static str,
    pub channels: &'static [Channel],
    pub subjects: &'static [&'static str],
    pub lines: &'static [(char, &'static str)],
}

pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        queue: "Billing", priority: Priority::P2, tier: "T1", tag: "double-charge",
        channels: &[Channel::Chat, Channel::Email],
        subjects: &["Charged twice for booking {conf}", "Two payments taken for one rental", "Duplicate charge on my card"],
        lines: &[
            ('c', "Hi, I was charged twice for booking {conf}. My bank shows two identical payments from you."),
            ('a', "Hi {name}, I'm sorry about that. I can see two charges on {conf}; one is a duplicate authorisation. Let me check whether it settled."),
            ('n', "Second charge settled on the card. Refund needed, within my authority."),
            ('a', "I've refunded the duplicate charge. It will be back on your card within 3 to 5 working days."),
            ('c', "Thank you, that was quick."),
        ],
    },
    Scenario {
        queue: "Bookings", priority: Priority::P3, tier: "T1", tag: "change-booking",
        channels: &[Channel::Chat, Channel::Web, Channel::Email],
        subjects: &["Change pick-up date for {conf}", "Can I move my rental by two days?", "Need to change my booking"],
        lines: &[
            ('c', "Hello, my flight was moved. Can I pick up the {vehicle} two days later at {city}?"),
            ('a', "Hi {name}, of course. The {vehicle} is available for the new dates. The price changes slightly; shall I go ahead?"),
            ('c', "Yes please, go ahead."),
            ('a', "Done: booking {conf} now starts two days later. A new confirmation is on its way to your email."),
        ],
    },
    Scenario {
        queue: "Bookings", priority: Priority::P3, tier: "T1", tag: "extend-rental",
        channels: &[Channel::Chat, Channel::Phone],
        subjects: &["Extend my rental by a few days", "Keep the car until Sunday?", "Rental extension for {conf}"],
        lines: &[
            ('c', "I'm enjoying the trip and would like to keep the {vehicle} until Sunday. Is that possible?"),
            ('a', "Hi {name}, yes, the {vehicle} is free until Sunday. I'll extend {conf}; the extra days are charged at your current daily rate."),
            ('c', "Perfect, thanks!"),
        ],
    },
    Scenario {
        queue: "Roadside", priority: Priority::P1, tier: "T2", tag: "breakdown",
        channels: &[Channel::Phone, Channel::Chat],
        subjects: &["Car broke down on the motorway", "Warning light and the car won't start", "Flat tyre near {city}"],
        lines: &[
            ('c', "The {vehicle} just stopped on the motorway about 20 km from {city}. We're on the hard shoulder with two kids."),
            ('a', "{name}, please stay behind the barrier, away from traffic. I'm dispatching roadside assistance to your location now."),
            ('n', "Roadside dispatched, ETA 35 min. Replacement vehicle requested at {city}."),
            ('a', "Help is on the way, expected in about 35 minutes. We'll have a replacement car ready so you can continue your trip."),
            ('c', "Thank you so much, the truck is here now."),
        ],
    },
    Scenario {
        queue: "Account Access", priority: Priority::P3, tier: "T1", tag: "login",
        channels: &[Channel::Web, Channel::Chat, Channel::Email],
        subjects: &["Can't log in to my account", "Password reset email never arrives", "Locked out after too many attempts"],
        lines: &[
            ('c', "I can't log in. I reset my password but the email never arrives."),
            ('a', "Hi {name}, sorry for the trouble. Could you check your spam folder? I've also resent the reset link just now."),
            ('c', "Found it in spam, I'm in now. Thanks!"),
        ],
    },
    Scenario {
        queue: "Billing", priority: Priority::P3, tier: "T1", tag: "deposit",
        channels: &[Channel::Email, Channel::Web],
        subjects: &["Deposit not returned yet", "When will I get my deposit back?", "Security deposit still on hold"],
        lines: &[
            ('c', "I returned the {vehicle} a week ago at {city} but the deposit is still blocked on my card."),
            ('a', "Hi {name}, the deposit hold was released on our side the day you returned the car. Banks usually take 5 to 10 working days to lift it."),
            ('c', "Ok, I'll wait a few more days then."),
            ('a', "If it's still there after ten working days, reply here and I'll send you a release letter for your bank."),
        ],
    },
    Scenario {
        queue: "Escalations", priority: Priority::P1, tier: "T3", tag: "damage-dispute",
        channels: &[Channel::Email, Channel::Phone],
        subjects: &["Damage charge I did not cause", "Disputing the scratch charge on {conf}", "Unfair damage fee, I will take legal action"],
        lines: &[
            ('c', "You charged me 450 EUR for a scratch that was already there at pick-up. I have photos. If this isn't fixed I will take legal action."),
            ('a', "{name}, I understand how frustrating this is. Please send the photos from pick-up and I'll review them against the check-out report today."),
            ('n', "Check-out report at {city} lists no scratch on the rear door; customer photos are timestamped before pick-up. Recommend full refund, needs approval."),
            ('c', "Photos attached. They clearly show the scratch."),
        ],
    },
    Scenario {
        queue: "Bookings", priority: Priority::P4, tier: "T1", tag: "how-to",
        channels: &[Channel::Chat, Channel::Web],
        subjects: &["Can I add a second driver?", "Do you allow driving into France?", "Child seat for my booking"],
        lines: &[
            ('c', "Quick question: can my partner also drive the {vehicle}?"),
            ('a', "Hi {name}, yes. Add them at the counter at {city} with their licence; a second driver costs 8 EUR per day."),
        ],
    },
    Scenario {
        queue: "Billing", priority: Priority::P3, tier: "T1", tag: "refund",
        channels: &[Channel::Email, Channel::Chat],
        subjects: &["Refund for cancelled booking", "I cancelled {conf} but no refund", "Money back for cancelled rental"],
        lines: &[
            ('c', "I cancelled booking {conf} more than 48 hours before pick-up, so I should get a full refund, right?"),
            ('a', "Hi {name}, yes, cancellations more than 48 hours ahead are refunded in full. I've started the refund now."),
            ('c', "Great, thank you."),
        ],
    },
    Scenario {
        queue: "Roadside", priority: Priority::P2, tier: "T2", tag: "accident",
        channels: &[Channel::Phone],
        subjects: &["Minor accident in a car park", "Someone hit the rental car", "Accident report for {conf}"],
        lines: &[
            ('c', "Someone reversed into the {vehicle} in a car park at {city}. Nobody is hurt. What do I do?"),
            ('a', "I'm glad nobody is hurt, {name}. Please take photos, swap details with the other driver, and fill in the accident form in the glovebox."),
            ('c', "Done. Can I keep driving? The bumper is dented but it drives fine."),
            ('a', "Yes, if no warning lights are on it's safe to continue. Bring the form when you return the car."),
        ],
    },
    Scenario {
        queue: "Account Access", priority: Priority::P2, tier: "T2", tag: "security",
        channels: &[Channel::Email, Channel::Web],
        subjects: &["Someone changed my account email", "Suspicious booking on my account", "I think my account was hacked"],
        lines: &[
            ('c', "I got an email saying my account email was changed, but it wasn't me!"),
            ('a', "Thank you for telling us quickly, {name}. I've locked the account and restored your original email. Please set a new password from the link I've sent."),
            ('n', "Possible account takeover. Locked, sessions ended, security team informed."),
        ],
    },
    Scenario {
        queue: "Bookings", priority: Priority::P3, tier: "T1", tag: "confirmation",
        channels: &[Channel::Chat, Channel::Email],
        subjects: &["Didn't receive my confirmation", "Where is my booking confirmation?", "No confirmation email for {conf}"],
        lines: &[
            ('c', "I booked a {vehicle} yesterday but never got a confirmation email."),
            ('a', "Hi {name}, your booking {conf} is confirmed. I've resent the confirmation; it should arrive within a few minutes."),
            ('c', "Got it now, thanks."),
        ],
    },
];
