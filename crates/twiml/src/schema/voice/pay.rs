//! `<Pay>`, which collects card or bank details over DTMF in PCI mode, and the `<Prompt>`s
//! that replace its built-in speech.

use crate::schema::{
    AttributeKind, AttributeSchema, ELEMENT, ElementSchema, UrlInfo, boolean, integer, method,
    text, url,
};

/// Card brands of Pay `validCardTypes` and Prompt `cardType`.
const CARD_TYPES: &[&str] = &[
    "visa",
    "mastercard",
    "amex",
    "maestro",
    "discover",
    "optima",
    "jcb",
    "diners-club",
    "enroute",
];

/// Languages of `<Pay>`'s built-in prompts: the card-payment list of the Pay reference
/// (es-MX included), followed by the twilio-node values it lacks. ACH payments support only
/// the English locales.
const PAY_LANGUAGES: &[&str] = &[
    "en-AU", "en-CA", "en-GB", "en-IN", "en-US", "es-ES", "es-MX", "fr-CA", "fr-FR", "de-DE",
    "it-IT", "en-IE", "en-NZ", "en-PH", "en-ZA", "es-US",
];

/// Error types that a `<Prompt>` can be played for, from twilio-node.
const PROMPT_ERROR_TYPES: &[&str] = &[
    "timeout",
    "invalid-card-number",
    "invalid-card-type",
    "invalid-date",
    "invalid-security-code",
    "internal-error",
    "input-matching-failed",
];

pub(super) const PAY: ElementSchema = ElementSchema {
    name: "Pay",
    parents: &["Response"],
    children: &["Prompt", "Parameter"],
    attributes: &[
        AttributeSchema::new("input", AttributeKind::Enumeration(&["dtmf"])).with_default("dtmf"),
        // Always requested with POST, so Pay has no `method`.
        url("action", UrlInfo::document().https_only().current_document()),
        url("statusCallback", UrlInfo::callback().method("statusCallbackMethod")),
        method("statusCallbackMethod").library_only(),
        AttributeSchema::new(
            "paymentMethod",
            AttributeKind::Enumeration(&["ach-debit", "credit-card"]),
        )
        .with_default("credit-card"),
        // NOTE: twilio-node adds `commercial-savings` to the reference's three types; it is
        // accepted.
        AttributeSchema::new(
            "bankAccountType",
            AttributeKind::Enumeration(&[
                "consumer-checking",
                "consumer-savings",
                "commercial-checking",
                "commercial-savings",
            ]),
        )
        .with_default("consumer-checking"),
        integer("timeout", 1, None).with_default("5"),
        // NOTE: the reference table gives no default, while its prose gives 1, which is
        // recorded.
        integer("maxAttempts", 1, Some(3)).with_default("1"),
        boolean("securityCode").with_default("true"),
        // `true`, `false`, or the postal code itself, so any text.
        text("postalCode").with_default("true"),
        integer("minPostalCodeLength", 1, None),
        text("paymentConnector").with_default("Default").with_error(64004),
        AttributeSchema::new(
            "tokenType",
            AttributeKind::Enumeration(&["one-time", "reusable", "payment-method"]),
        )
        .with_default("reusable"),
        // Above 0 charges the card; 0 or no amount only tokenizes it.
        AttributeSchema::new("chargeAmount", AttributeKind::Decimal { min: 0.0, max: 1_000_000.0 }),
        text("currency").with_default("usd"),
        // NOTE: the Pay reference and twilio-node list different languages, so the value is
        // checked by shape and their union is advisory.
        AttributeSchema::new("language", AttributeKind::Language)
            .with_default("en-us")
            .known(PAY_LANGUAGES),
        text("description"),
        AttributeSchema::new("validCardTypes", AttributeKind::List(CARD_TYPES))
            .with_default("visa mastercard amex"),
    ],
    ..ELEMENT
};

// NOTE: the helper libraries also emit `<Prompt>` directly in `<Response>`, but the reference
// documents it only inside `<Pay>`, so a root-level `<Prompt>` is reported.
pub(super) const PROMPT: ElementSchema = ElementSchema {
    name: "Prompt",
    parents: &["Pay"],
    children: &["Say", "Play", "Pause"],
    attributes: &[
        AttributeSchema::new(
            "for",
            AttributeKind::Enumeration(&[
                "payment-card-number",
                "expiration-date",
                "security-code",
                "postal-code",
                "payment-processing",
                "bank-account-number",
                "bank-routing-number",
            ]),
        ),
        // NOTE: the Pay reference names more error types than twilio-node's list, so the
        // value is free text and the list is advisory.
        text("errorType").known(PROMPT_ERROR_TYPES),
        AttributeSchema::new("cardType", AttributeKind::List(CARD_TYPES)),
        AttributeSchema::new("attempt", AttributeKind::IntegerList { min: 1, max: 3 }),
        boolean("requireMatchingInputs"),
    ],
    ..ELEMENT
};
