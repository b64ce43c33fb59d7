//! Every text the form shows, in English and Arabic. List texts come from the DMS in the form's
//! language; everything else is here.

use dms_model::{IssueCode, Lang, ListType};

/// What the select of `list` says while the list it depends on has no choice: which one to
/// choose, not "the field above" (in two columns it may be beside it).
pub fn choose_first(list: ListType) -> (&'static str, &'static str) {
    match list.parent() {
        Some(ListType::Country) => ui::CHOOSE_COUNTRY_FIRST,
        Some(ListType::Region) => ui::CHOOSE_REGION_FIRST,
        Some(ListType::OuType) => ui::CHOOSE_BRAND_FIRST,
        Some(ListType::BusinessArea) => ui::CHOOSE_DEPARTMENT_FIRST,
        Some(ListType::LeadSource) => ui::CHOOSE_SOURCE_FIRST,
        _ => ui::CHOOSE_PARENT_FIRST,
    }
}

/// As [`choose_first`], naming the nearest parent the person can see: a parent whose value comes
/// from a preset or a default (`hidden`) is chosen by the form once its own parent is.
pub fn choose_shown_first(
    list: ListType,
    hidden: impl Fn(ListType) -> bool,
) -> (&'static str, &'static str) {
    let mut wanted = list;
    while let Some(parent) = wanted.parent().filter(|p| hidden(*p)) {
        wanted = parent;
    }
    choose_first(wanted)
}

/// `n` seconds, with the plural forms each language uses (Arabic: one, two, three to ten, more).
pub fn seconds(lang: Lang, n: u32) -> String {
    match (lang, n) {
        (Lang::En, 1) => "1 second".to_owned(),
        (Lang::En, n) => format!("{n} seconds"),
        (Lang::Ar, 1) => "ثانية واحدة".to_owned(),
        (Lang::Ar, 2) => "ثانيتين".to_owned(),
        (Lang::Ar, 3..=10) => format!("{n} ثوانٍ"),
        (Lang::Ar, n) => format!("{n} ثانية"),
    }
}

thread_local! {
    static VOICE: std::cell::Cell<Option<Voice>> = const { std::cell::Cell::new(None) };
}

/// A text in English and Arabic.
pub type Text = (&'static str, &'static str);

/// Words a text differently (see [`speak_with`]).
pub type Voice = fn(Text) -> Text;

/// Has [`tr`] say every text through `voice` from now on: the dealer entry gives the form it
/// shares with the public one a dealer's wording ("Lead type", not "I am enquiring as"). The
/// public entry never sets one, so the dealer's texts stay out of its download.
pub fn speak_with(voice: Voice) {
    VOICE.with(|v| v.set(Some(voice)));
}

/// Picks the text of the form's language (in the voice set by [`speak_with`], if any).
pub fn tr(lang: Lang, text: Text) -> &'static str {
    let (en, ar) = VOICE.with(|v| v.get()).map_or(text, |voice| voice(text));
    match lang {
        Lang::En => en,
        Lang::Ar => ar,
    }
}

pub use dms_model::labels::label;

/// Other texts of the form.
pub mod ui {
    type T = (&'static str, &'static str);
    // TITLE, INTRO, REQUIRED_NOTE and FORM_LOAD_FAILED: the texts the script embed paints while
    // the wasm is still on its way. They live in src/i18n/first-lines.json, which embed/build.mjs
    // reads too; build.rs writes them here as constants.
    include!(concat!(env!("OUT_DIR"), "/first_lines.rs"));
    pub const DEALER_TITLE: T = ("New lead for a customer", "عميل محتمل جديد");
    pub const DEALER_INTRO: T = (
        "Recorded by the dealership on the customer's behalf. Every field can be changed.",
        "يسجله الوكيل نيابة عن العميل. يمكن تعديل جميع الحقول.",
    );
    pub const SECTION_YOU: T = ("About you", "معلوماتك");
    pub const SECTION_CONTACT: T = ("How to reach you", "طريقة التواصل");
    pub const SECTION_PLACE: T = ("Where you are", "موقعك");
    pub const SECTION_INTEREST: T = ("What you are interested in", "اهتمامك");
    pub const SECTION_CONSENT: T = ("Your consent", "موافقتك");
    pub const CHOOSE: T = ("Choose…", "اختر…");
    pub const CHOOSE_PARENT_FIRST: T = ("Choose the field above first", "اختر الحقل السابق أولاً");
    pub const CHOOSE_COUNTRY_FIRST: T = ("Choose a country first", "اختر الدولة أولاً");
    pub const CHOOSE_REGION_FIRST: T = ("Choose a region first", "اختر المنطقة أولاً");
    pub const CHOOSE_BRAND_FIRST: T = ("Choose a brand first", "اختر العلامة التجارية أولاً");
    pub const CHOOSE_DEPARTMENT_FIRST: T = ("Choose a department first", "اختر القسم أولاً");
    pub const CHOOSE_SOURCE_FIRST: T =
        ("Choose how you heard of us first", "اختر كيف عرفت عنا أولاً");
    pub const LOADING: T = ("Loading choices…", "جارٍ تحميل الخيارات…");
    pub const LOAD_FAILED: T = ("The choices could not be loaded.", "تعذر تحميل الخيارات.");
    pub const RETRY: T = ("Try again", "إعادة المحاولة");
    pub const CITY_TYPED: T = (
        "The list of cities could not be loaded: type your city, and we will match it.",
        "تعذر تحميل قائمة المدن: اكتب اسم مدينتك وسنطابقها.",
    );
    pub const VEHICLE: T = ("Vehicle", "السيارة");
    pub const ADD_VEHICLE: T = ("Add another vehicle", "إضافة سيارة أخرى");
    pub const REMOVE_VEHICLE: T = ("Remove this vehicle", "حذف هذه السيارة");
    pub const SUBMIT: T = ("Send request", "إرسال الطلب");
    pub const SENDING: T = ("Sending…", "جارٍ الإرسال…");
    pub const SUMMARY_ONE: T = (
        "Please correct the highlighted field.",
        "يرجى تصحيح الحقل المشار إليه.",
    );
    pub const SUMMARY_MANY: T = (
        "Please correct the highlighted fields:",
        "يرجى تصحيح الحقول المشار إليها:",
    );
    pub const THANKS: T = (
        "Thank you! We have received your request.",
        "شكراً لك! تم استلام طلبك.",
    );
    pub const REFERENCE: T = ("Your reference number is", "رقم المرجع الخاص بك هو");
    pub const FOLLOW_UP: T = (
        "What happens next: our team will call or write to you on the number or email you gave, to answer your questions and arrange the next step. Keep this reference number if you contact us.",
        "الخطوة التالية: سيتصل بك فريقنا أو يراسلك على الرقم أو البريد الإلكتروني الذي أدخلته، للإجابة عن أسئلتك وترتيب الخطوة التالية. احتفظ برقم المرجع هذا إذا تواصلت معنا.",
    );
    pub const QUEUED_TITLE: T = ("Your request is saved", "تم حفظ طلبك");
    pub const QUEUED: T = (
        "Saved on this device. We could not reach our system just now; your request will be sent automatically as soon as the connection is back.",
        "تم الحفظ على هذا الجهاز. تعذر الوصول إلى نظامنا الآن، وسيُرسل طلبك تلقائياً فور عودة الاتصال.",
    );
    pub const KIOSK_RESTART: T = (
        "This form starts again for the next person in",
        "يبدأ هذا النموذج من جديد للشخص التالي خلال",
    );
    pub const READ_PRIVACY_POLICY: T = (
        "Read the privacy policy (opens in a new tab)",
        "اقرأ سياسة الخصوصية (تفتح في علامة تبويب جديدة)",
    );
    pub const ANOTHER: T = ("Send another request", "إرسال طلب آخر");
    pub const SEND_FAILED_NETWORK: T = (
        "Your request could not be sent: the connection failed. Nothing you typed is lost — check your connection and press Send again.",
        "تعذر إرسال طلبك بسبب انقطاع الاتصال. لم يُفقد شيء مما كتبته — تحقق من الاتصال واضغط إرسال مرة أخرى.",
    );
    pub const SEND_FAILED_SERVER: T = (
        "Our system could not take your request just now. Nothing you typed is lost — please press Send again in a minute.",
        "تعذر على نظامنا استلام طلبك الآن. لم يُفقد شيء مما كتبته — يرجى الضغط على إرسال بعد دقيقة.",
    );
    pub const SEND_REFUSED: T = (
        "Our system did not accept the request. Please check your details, or call us if this happens again.",
        "لم يقبل نظامنا الطلب. يرجى التحقق من بياناتك أو الاتصال بنا إذا تكرر ذلك.",
    );
    pub const HUMAN_CHECK: T = (
        "Please complete the security check on this page, then send again.",
        "يرجى إكمال التحقق الأمني في هذه الصفحة ثم الإرسال مرة أخرى.",
    );
    pub const MISCONFIGURED: T = (
        "This form is not set up correctly. Please contact us by phone.",
        "هذا النموذج غير مُعد بشكل صحيح. يرجى التواصل معنا هاتفياً.",
    );
    pub const REQUIRED_MARK: T = ("required", "مطلوب");
}

/// The message shown at a field for an issue code.
pub fn issue_message(code: IssueCode) -> (&'static str, &'static str) {
    match code {
        IssueCode::Required => ("This field is required.", "هذا الحقل مطلوب."),
        IssueCode::NotInList => ("Choose one of the options.", "اختر أحد الخيارات."),
        IssueCode::NotInParent => (
            "This choice does not match the one above it. Choose again.",
            "هذا الخيار لا يتوافق مع الخيار السابق. اختر مرة أخرى.",
        ),
        IssueCode::PhoneDigits => ("Use digits only.", "استخدم الأرقام فقط."),
        IssueCode::PhoneLength => (
            "Enter the 9-digit number without the country code, e.g. 5XXXXXXXX.",
            "أدخل الرقم المكوّن من 9 أرقام بدون رمز الدولة، مثل 5XXXXXXXX.",
        ),
        IssueCode::PhoneSaudiMobile => (
            "A Saudi mobile number starts with 5, e.g. 5XXXXXXXX.",
            "رقم الجوال السعودي يبدأ بالرقم 5، مثل 5XXXXXXXX.",
        ),
        IssueCode::ContactRequired => (
            "Enter a mobile number or an email so we can reach you.",
            "أدخل رقم جوال أو بريداً إلكترونياً لنتمكن من التواصل معك.",
        ),
        IssueCode::Email => (
            "Enter an email address like name@example.com.",
            "أدخل بريداً إلكترونياً صحيحاً مثل name@example.com.",
        ),
        IssueCode::DateFormat => ("Enter a valid date.", "أدخل تاريخاً صحيحاً."),
        IssueCode::DateInFuture => (
            "The date cannot be in the future.",
            "لا يمكن أن يكون التاريخ في المستقبل.",
        ),
        IssueCode::DateTooEarly => ("Enter a date after 1900.", "أدخل تاريخاً بعد عام 1900."),
        IssueCode::YearFormat => ("Choose a model year.", "اختر سنة الصنع."),
        IssueCode::Quantity => (
            "Enter a quantity from 1 to 9999.",
            "أدخل كمية من 1 إلى 9999.",
        ),
        IssueCode::TooLong => ("This text is too long.", "هذا النص طويل جداً."),
        IssueCode::RangeOrder => (
            "The end date is before the start date.",
            "تاريخ النهاية قبل تاريخ البداية.",
        ),
        IssueCode::RangeTooLong => (
            "The range can be at most 7 days.",
            "يجب ألا تزيد الفترة عن 7 أيام.",
        ),
        IssueCode::OneRequired => ("Fill in at least one of these.", "املأ واحداً منها على الأقل."),
    }
}
