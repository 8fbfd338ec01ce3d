//! The widget's words in each language it speaks. The language comes from the
//! embedding page (`data-lang`) or the browser; anything else is English.

/// A language of the widget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Es,
}

impl Lang {
    /// The language for a tag such as `es-ES` or `en`.
    pub fn from_tag(tag: &str) -> Lang {
        match tag.get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("es") => Lang::Es,
            _ => Lang::En,
        }
    }

    /// The tag sent with a hand-off and set on the page.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    /// The widget's words in this language.
    pub fn words(self) -> &'static Words {
        match self {
            Lang::En => &EN,
            Lang::Es => &ES,
        }
    }
}

/// Every string the widget shows.
#[derive(Debug)]
pub struct Words {
    /// The language tag dates and times are written in.
    pub locale: &'static str,
    pub title: &'static str,
    pub greeting: &'static str,
    pub ask_label: &'static str,
    pub ask_placeholder: &'static str,
    pub send: &'static str,
    pub close: &'static str,
    pub talk_to_person: &'static str,
    pub searching: &'static str,
    pub found: &'static str,
    pub nothing_found: &'static str,
    pub show_steps: &'static str,
    pub read_article: &'static str,
    pub solved_question: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub glad: &'static str,
    pub sorry: &'static str,
    pub what_do_you_need: &'static str,
    pub connecting: &'static str,
    pub connected: &'static str,
    pub left: &'static str,
    pub case_number: &'static str,
    pub please_wait: &'static str,
    pub failed: &'static str,
    pub retry: &'static str,
    pub queue_position: &'static str,
    pub minutes: &'static str,
    pub away_until: &'static str,
    pub away: &'static str,
    pub leave_message: &'static str,
    pub away_ask_email: &'static str,
    pub email_label: &'static str,
    pub email_needed: &'static str,
    pub back: &'static str,
    pub joined: &'static str,
    pub typing: &'static str,
    pub sending: &'static str,
    pub queued: &'static str,
    pub not_sent: &'static str,
    pub seen: &'static str,
    pub solved_chat: &'static str,
    pub rate_question: &'static str,
    pub rate_comment: &'static str,
    pub rate_send: &'static str,
    pub rate_thanks: &'static str,
    pub ask_again: &'static str,
    pub chat_ended: &'static str,
    pub you: &'static str,
    pub offline: &'static str,
    pub earlier: &'static str,
}

static EN: Words = Words {
    locale: "en",
    title: "Switchboard Rentals",
    greeting: "Hi! Ask us anything about your rental: we'll show you the answer right away, and a person is one click away.",
    ask_label: "Your question",
    ask_placeholder: "e.g. How do I change my booking dates?",
    send: "Send",
    close: "Close chat",
    talk_to_person: "Talk to a person",
    searching: "Looking for an answer…",
    found: "These articles may answer it:",
    nothing_found: "We have no article for that yet. A person can help: click “Talk to a person”.",
    show_steps: "Show the steps",
    read_article: "Open the full article",
    solved_question: "Did this solve it?",
    yes: "Yes",
    no: "No",
    glad: "Great, glad that helped! Ask again any time.",
    sorry: "Sorry it didn't help. A person can take it from here: click “Talk to a person”.",
    what_do_you_need: "Tell us what you need in a few words, and we'll connect you with a person.",
    connecting: "Connecting you with a person…",
    connected: "You're in the queue. A person will answer here, with everything you've told us so far.",
    left: "Thanks: your message is with us, with everything you've told us so far.",
    case_number: "Your case number",
    please_wait: "Please wait",
    failed: "That didn't go through.",
    retry: "Try again",
    queue_position: "You are number {n} in the queue.",
    minutes: "Expected wait: about {m} min.",
    away_until: "We're away now and back {when}. We'll reply here, or by email if you've gone.",
    away: "We're away now. We'll reply here, or by email if you've gone.",
    leave_message: "Leave a message",
    away_ask_email: "We're away now. Leave your email address and we'll reply as soon as we're back.",
    email_label: "Your email address",
    email_needed: "Write your email address so we can reply.",
    back: "We're back {when}.",
    joined: "{name} has joined the chat.",
    typing: "{name} is typing…",
    sending: "Sending…",
    queued: "Waiting for the connection: sends by itself when you are back online.",
    not_sent: "Not sent.",
    seen: "Seen",
    solved_chat: "Your case has been solved. How did we do?",
    rate_question: "Rate this chat from 1 (poor) to 5 (excellent)",
    rate_comment: "Anything to add? (optional)",
    rate_send: "Send rating",
    rate_thanks: "Thank you for your rating!",
    ask_again: "Ask something else",
    chat_ended: "This chat has ended.",
    you: "You",
    offline: "You are offline: your messages will be sent when you are back.",
    earlier: "Your earlier conversations",
};

static ES: Words = Words {
    locale: "es",
    title: "Switchboard Rentals",
    greeting: "¡Hola! Pregúntanos lo que quieras sobre tu alquiler: te mostramos la respuesta al momento, y una persona está a un clic.",
    ask_label: "Tu pregunta",
    ask_placeholder: "p. ej. ¿Cómo cambio las fechas de mi reserva?",
    send: "Enviar",
    close: "Cerrar el chat",
    talk_to_person: "Hablar con una persona",
    searching: "Buscando una respuesta…",
    found: "Estos artículos pueden responderte:",
    nothing_found: "Aún no tenemos un artículo sobre eso. Una persona puede ayudarte: pulsa «Hablar con una persona».",
    show_steps: "Ver los pasos",
    read_article: "Abrir el artículo completo",
    solved_question: "¿Esto lo ha resuelto?",
    yes: "Sí",
    no: "No",
    glad: "¡Genial, nos alegra haber ayudado! Pregunta cuando quieras.",
    sorry: "Sentimos que no haya servido. Una persona puede seguir desde aquí: pulsa «Hablar con una persona».",
    what_do_you_need: "Cuéntanos en pocas palabras qué necesitas y te ponemos en contacto con una persona.",
    connecting: "Te estamos conectando con una persona…",
    connected: "Estás en la cola. Una persona te responderá aquí, con todo lo que ya nos has contado.",
    left: "Gracias: tu mensaje ya nos ha llegado, con todo lo que ya nos has contado.",
    case_number: "Tu número de caso",
    please_wait: "Espera, por favor",
    failed: "No se ha podido enviar.",
    retry: "Reintentar",
    queue_position: "Eres el número {n} en la cola.",
    minutes: "Espera estimada: unos {m} min.",
    away_until: "Ahora no estamos; volvemos el {when}. Te responderemos aquí, o por correo si ya te has ido.",
    away: "Ahora no estamos. Te responderemos aquí, o por correo si ya te has ido.",
    leave_message: "Dejar un mensaje",
    away_ask_email: "Ahora no estamos. Déjanos tu correo electrónico y te responderemos en cuanto volvamos.",
    email_label: "Tu correo electrónico",
    email_needed: "Escribe tu correo electrónico para que podamos responderte.",
    back: "Volvemos el {when}.",
    joined: "{name} se ha unido al chat.",
    typing: "{name} está escribiendo…",
    sending: "Enviando…",
    queued: "Esperando conexión: se enviará solo cuando vuelvas a estar en línea.",
    not_sent: "No enviado.",
    seen: "Visto",
    solved_chat: "Tu caso está resuelto. ¿Qué tal lo hicimos?",
    rate_question: "Valora este chat de 1 (mal) a 5 (excelente)",
    rate_comment: "¿Algo que añadir? (opcional)",
    rate_send: "Enviar valoración",
    rate_thanks: "¡Gracias por tu valoración!",
    ask_again: "Preguntar otra cosa",
    chat_ended: "Este chat ha terminado.",
    you: "Tú",
    offline: "Estás sin conexión: tus mensajes se enviarán cuando vuelvas.",
    earlier: "Tus conversaciones anteriores",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_follows_the_tag() {
        assert_eq!(Lang::from_tag("es-ES"), Lang::Es);
        assert_eq!(Lang::from_tag("ES"), Lang::Es);
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
        assert_eq!(Lang::from_tag("de"), Lang::En);
        assert_eq!(Lang::from_tag(""), Lang::En);
        assert_ne!(Lang::Es.words().send, Lang::En.words().send);
    }
}
