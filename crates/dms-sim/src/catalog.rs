//! The simulator's list data, in English and Arabic.
//!
//! Real places (Saudi Arabia's 13 regions and their main cities, the GCC states and two neighbours),
//! brands sold in the Kingdom with their business areas, branches in real cities and model families,
//! and every other list of the lead API document. Ids follow the customer document's example where it
//! shows one (Saudi Arabia 1, Riyadh region 1, Riyadh city 1, phone code 00966 = 1, Arabic = 1, …).

use std::collections::HashMap;

use dms_model::{Catalog, ItemId, Lang, ListItem, ListType};

/// A text in both languages.
type Bi = (&'static str, &'static str);

/// Flat lists: `(list, [(id, english, arabic)])`.
const FLAT: &[(ListType, &[(ItemId, &str, &str)])] = &[
    (
        ListType::CustomerType,
        &[(1, "Individual", "فرد"), (2, "Company", "شركة")],
    ),
    (
        ListType::CustomerIndustryType,
        &[
            (1, "Bank", "بنوك"),
            (2, "Government", "جهة حكومية"),
            (3, "Oil & Gas", "النفط والغاز"),
            (4, "Construction", "إنشاءات"),
            (5, "Retail", "تجزئة"),
            (6, "Healthcare", "رعاية صحية"),
            (7, "Education", "تعليم"),
            (8, "Transport & Logistics", "نقل وخدمات لوجستية"),
            (9, "Hospitality", "ضيافة"),
            (10, "Car Rental", "تأجير سيارات"),
            (11, "Other", "أخرى"),
        ],
    ),
    (
        ListType::Title,
        &[
            (1, "Mr", "السيد"),
            (2, "Mrs", "السيدة"),
            (3, "Ms", "الآنسة"),
            (4, "Dr", "الدكتور"),
            (5, "Eng", "المهندس"),
        ],
    ),
    (
        ListType::Nationality,
        &[
            (1, "Saudi", "سعودي"),
            (2, "Emirati", "إماراتي"),
            (3, "Bahraini", "بحريني"),
            (4, "Kuwaiti", "كويتي"),
            (5, "Qatari", "قطري"),
            (6, "Omani", "عماني"),
            (7, "Egyptian", "مصري"),
            (8, "Jordanian", "أردني"),
            (9, "Yemeni", "يمني"),
            (10, "Sudanese", "سوداني"),
            (11, "Syrian", "سوري"),
            (12, "Lebanese", "لبناني"),
            (13, "Pakistani", "باكستاني"),
            (14, "Indian", "هندي"),
            (15, "Filipino", "فلبيني"),
            (16, "Bangladeshi", "بنغلاديشي"),
            (17, "Other", "أخرى"),
        ],
    ),
    (
        ListType::Gender,
        &[(1, "Male", "ذكر"), (2, "Female", "أنثى")],
    ),
    (
        ListType::PhoneCode,
        &[
            (1, "00966", "00966"),
            (2, "00971", "00971"),
            (3, "00973", "00973"),
            (4, "00965", "00965"),
            (5, "00974", "00974"),
            (6, "00968", "00968"),
            (7, "0020", "0020"),
            (8, "00962", "00962"),
        ],
    ),
    (
        ListType::LeadMonthlyIncome,
        &[
            (1, "0-5000 SAR", "0-5000 ريال"),
            (2, "5000-10000 SAR", "5000-10000 ريال"),
            (3, "10000-20000 SAR", "10000-20000 ريال"),
            (4, "20000-40000 SAR", "20000-40000 ريال"),
            (5, "Above 40000 SAR", "أكثر من 40000 ريال"),
        ],
    ),
    (
        ListType::Language,
        &[(1, "Arabic", "العربية"), (2, "English", "الإنجليزية")],
    ),
    (
        ListType::ContactType,
        &[
            (1, "Phone", "مكالمة صوتية"),
            (2, "Email", "البريد الإلكتروني"),
            (3, "WhatsApp", "واتساب"),
            (4, "SMS", "رسالة نصية"),
        ],
    ),
    (
        ListType::LeadInterest,
        &[
            (1, "Vehicle Inquiry", "استفسار عن سيارة"),
            (2, "Price Quote", "عرض سعر"),
            (3, "Test Drive", "تجربة قيادة"),
            (4, "Service Booking", "حجز موعد صيانة"),
            (5, "Spare Parts", "قطع غيار"),
            (6, "Fleet Sales", "مبيعات الأساطيل"),
            (7, "Finance", "تمويل"),
            (8, "Trade-in", "استبدال سيارة"),
        ],
    ),
    (
        ListType::VehicleType,
        &[
            (1, "New", "جديدة"),
            (2, "Used", "مستعملة"),
            (3, "Certified Pre-Owned", "مستعملة معتمدة"),
        ],
    ),
    (
        ListType::PurchasePlan,
        &[
            (1, "Immediate", "فوراً"),
            (2, "Within 30 Days", "خلال 30 يوماً"),
            (3, "Within 3 Months", "خلال 3 أشهر"),
            (4, "Within 6 Months", "خلال 6 أشهر"),
            (5, "Just Browsing", "أتصفح فقط"),
        ],
    ),
    (
        ListType::PaymentMode,
        &[
            (1, "Cash", "نقداً"),
            (2, "Credit", "تقسيط"),
            (3, "Bank Finance", "تمويل بنكي"),
            (4, "Lease to Own", "تأجير منتهي بالتمليك"),
        ],
    ),
    (
        ListType::Currency,
        &[
            (1, "SAR", "ريال سعودي"),
            (2, "AED", "درهم إماراتي"),
            (3, "BHD", "دينار بحريني"),
            (4, "KWD", "دينار كويتي"),
            (5, "USD", "دولار أمريكي"),
        ],
    ),
    (
        ListType::LeadPriority,
        &[(1, "Hot", "ساخن"), (2, "Warm", "دافئ"), (3, "Cold", "بارد")],
    ),
    (ListType::YesOrNo, &[(1, "Yes", "نعم"), (0, "No", "لا")]),
];

/// Countries, their regions and main cities. Region ids of Saudi Arabia are 1–13; others 101+.
const PLACES: &[(ItemId, Bi, &[(ItemId, Bi, &[Bi])])] = &[
    (
        1,
        ("Saudi Arabia", "المملكة العربية السعودية"),
        &[
            (
                1,
                ("Riyadh", "الرياض"),
                &[
                    ("Riyadh", "الرياض"),
                    ("Al Kharj", "الخرج"),
                    ("Ad Diriyah", "الدرعية"),
                    ("Al Majma'ah", "المجمعة"),
                    ("Az Zulfi", "الزلفي"),
                    ("Shaqra", "شقراء"),
                    ("Wadi Ad-Dawasir", "وادي الدواسر"),
                    ("Afif", "عفيف"),
                ],
            ),
            (
                2,
                ("Makkah", "مكة المكرمة"),
                &[
                    ("Makkah", "مكة المكرمة"),
                    ("Jeddah", "جدة"),
                    ("Taif", "الطائف"),
                    ("Rabigh", "رابغ"),
                    ("Al Qunfudhah", "القنفذة"),
                    ("Al Lith", "الليث"),
                ],
            ),
            (
                3,
                ("Madinah", "المدينة المنورة"),
                &[
                    ("Madinah", "المدينة المنورة"),
                    ("Yanbu", "ينبع"),
                    ("AlUla", "العلا"),
                    ("Badr", "بدر"),
                    ("Al Henakiyah", "الحناكية"),
                ],
            ),
            (
                4,
                ("Eastern Province", "المنطقة الشرقية"),
                &[
                    ("Dammam", "الدمام"),
                    ("Khobar", "الخبر"),
                    ("Dhahran", "الظهران"),
                    ("Al Ahsa", "الأحساء"),
                    ("Jubail", "الجبيل"),
                    ("Qatif", "القطيف"),
                    ("Hafar Al Batin", "حفر الباطن"),
                    ("Ras Tanura", "رأس تنورة"),
                    ("Al Khafji", "الخفجي"),
                ],
            ),
            (
                5,
                ("Qassim", "القصيم"),
                &[
                    ("Buraidah", "بريدة"),
                    ("Unaizah", "عنيزة"),
                    ("Ar Rass", "الرس"),
                    ("Al Bukayriyah", "البكيرية"),
                ],
            ),
            (
                6,
                ("Asir", "عسير"),
                &[
                    ("Abha", "أبها"),
                    ("Khamis Mushait", "خميس مشيط"),
                    ("Bisha", "بيشة"),
                    ("An Namas", "النماص"),
                    ("Muhayil", "محايل عسير"),
                ],
            ),
            (
                7,
                ("Tabuk", "تبوك"),
                &[
                    ("Tabuk", "تبوك"),
                    ("Duba", "ضباء"),
                    ("Al Wajh", "الوجه"),
                    ("Umluj", "أملج"),
                    ("Tayma", "تيماء"),
                ],
            ),
            (
                8,
                ("Hail", "حائل"),
                &[
                    ("Hail", "حائل"),
                    ("Baqaa", "بقعاء"),
                    ("Al Ghazalah", "الغزالة"),
                ],
            ),
            (
                9,
                ("Northern Borders", "الحدود الشمالية"),
                &[("Arar", "عرعر"), ("Rafha", "رفحاء"), ("Turaif", "طريف")],
            ),
            (
                10,
                ("Jazan", "جازان"),
                &[
                    ("Jazan", "جازان"),
                    ("Sabya", "صبيا"),
                    ("Abu Arish", "أبو عريش"),
                    ("Samtah", "صامطة"),
                ],
            ),
            (
                11,
                ("Najran", "نجران"),
                &[
                    ("Najran", "نجران"),
                    ("Sharurah", "شرورة"),
                    ("Hubuna", "حبونا"),
                ],
            ),
            (
                12,
                ("Al Bahah", "الباحة"),
                &[
                    ("Al Bahah", "الباحة"),
                    ("Baljurashi", "بلجرشي"),
                    ("Al Mandaq", "المندق"),
                ],
            ),
            (
                13,
                ("Al Jouf", "الجوف"),
                &[
                    ("Sakaka", "سكاكا"),
                    ("Dumat Al Jandal", "دومة الجندل"),
                    ("Al Qurayyat", "القريات"),
                ],
            ),
        ],
    ),
    (
        2,
        ("United Arab Emirates", "الإمارات العربية المتحدة"),
        &[
            (
                101,
                ("Abu Dhabi", "أبوظبي"),
                &[("Abu Dhabi", "أبوظبي"), ("Al Ain", "العين")],
            ),
            (102, ("Dubai", "دبي"), &[("Dubai", "دبي"), ("Hatta", "حتا")]),
            (
                103,
                ("Sharjah", "الشارقة"),
                &[("Sharjah", "الشارقة"), ("Khor Fakkan", "خورفكان")],
            ),
            (104, ("Ajman", "عجمان"), &[("Ajman", "عجمان")]),
            (
                105,
                ("Ras Al Khaimah", "رأس الخيمة"),
                &[("Ras Al Khaimah", "رأس الخيمة")],
            ),
            (106, ("Fujairah", "الفجيرة"), &[("Fujairah", "الفجيرة")]),
            (
                107,
                ("Umm Al Quwain", "أم القيوين"),
                &[("Umm Al Quwain", "أم القيوين")],
            ),
        ],
    ),
    (
        3,
        ("Bahrain", "البحرين"),
        &[
            (111, ("Capital", "العاصمة"), &[("Manama", "المنامة")]),
            (112, ("Muharraq", "المحرق"), &[("Muharraq", "المحرق")]),
            (
                113,
                ("Northern", "الشمالية"),
                &[("Hamad Town", "مدينة حمد")],
            ),
            (114, ("Southern", "الجنوبية"), &[("Riffa", "الرفاع")]),
        ],
    ),
    (
        4,
        ("Kuwait", "الكويت"),
        &[
            (
                121,
                ("Al Asimah", "العاصمة"),
                &[("Kuwait City", "مدينة الكويت")],
            ),
            (
                122,
                ("Hawalli", "حولي"),
                &[("Hawalli", "حولي"), ("Salmiya", "السالمية")],
            ),
            (
                123,
                ("Al Ahmadi", "الأحمدي"),
                &[("Al Ahmadi", "الأحمدي"), ("Fahaheel", "الفحيحيل")],
            ),
            (124, ("Al Jahra", "الجهراء"), &[("Al Jahra", "الجهراء")]),
        ],
    ),
    (
        5,
        ("Qatar", "قطر"),
        &[
            (131, ("Doha", "الدوحة"), &[("Doha", "الدوحة")]),
            (132, ("Al Rayyan", "الريان"), &[("Al Rayyan", "الريان")]),
            (133, ("Al Wakrah", "الوكرة"), &[("Al Wakrah", "الوكرة")]),
        ],
    ),
    (
        6,
        ("Oman", "عُمان"),
        &[
            (
                141,
                ("Muscat", "مسقط"),
                &[("Muscat", "مسقط"), ("Seeb", "السيب")],
            ),
            (142, ("Dhofar", "ظفار"), &[("Salalah", "صلالة")]),
            (
                143,
                ("North Al Batinah", "شمال الباطنة"),
                &[("Sohar", "صحار")],
            ),
        ],
    ),
    (
        7,
        ("Egypt", "مصر"),
        &[
            (151, ("Cairo", "القاهرة"), &[("Cairo", "القاهرة")]),
            (
                152,
                ("Giza", "الجيزة"),
                &[("Giza", "الجيزة"), ("6th of October", "السادس من أكتوبر")],
            ),
            (
                153,
                ("Alexandria", "الإسكندرية"),
                &[("Alexandria", "الإسكندرية")],
            ),
        ],
    ),
    (
        8,
        ("Jordan", "الأردن"),
        &[
            (161, ("Amman", "عمّان"), &[("Amman", "عمّان")]),
            (162, ("Irbid", "إربد"), &[("Irbid", "إربد")]),
            (163, ("Zarqa", "الزرقاء"), &[("Zarqa", "الزرقاء")]),
        ],
    ),
];

/// A business area a brand has, and the cities it has a branch in for it.
struct Area {
    name: Bi,
    /// How a branch of this area is called: `(english suffix, arabic prefix)`.
    branch_kind: Bi,
    cities: &'static [Bi],
}

const SALES: Bi = ("Sales", "المبيعات");
const AFTER_SALES: Bi = ("After Sales", "خدمات ما بعد البيع");
const SPARE_PARTS: Bi = ("Spare Parts", "قطع الغيار");
const FLEET: Bi = ("Fleet Sales", "مبيعات الأساطيل");

const SHOWROOM: Bi = ("Showroom", "صالة عرض");
const SERVICE: Bi = ("Service Center", "مركز خدمة");
const PARTS: Bi = ("Parts Center", "مركز قطع غيار");
const FLEET_OFFICE: Bi = ("Fleet Office", "مكتب مبيعات الأساطيل");

const RIYADH: Bi = ("Riyadh", "الرياض");
const JEDDAH: Bi = ("Jeddah", "جدة");
const DAMMAM: Bi = ("Dammam", "الدمام");
const KHOBAR: Bi = ("Khobar", "الخبر");
const MADINAH: Bi = ("Madinah", "المدينة المنورة");
const MAKKAH: Bi = ("Makkah", "مكة المكرمة");
const ABHA: Bi = ("Abha", "أبها");
const BURAIDAH: Bi = ("Buraidah", "بريدة");
const AL_AHSA: Bi = ("Al Ahsa", "الأحساء");
const TABUK: Bi = ("Tabuk", "تبوك");
const JAZAN: Bi = ("Jazan", "جازان");
const HAIL: Bi = ("Hail", "حائل");

/// Brands (OU_TYPE), their business areas with branches, and model families.
const BRANDS: &[(ItemId, Bi, &[Area], &[Bi])] = &[
    (
        1,
        ("KIA", "كيا"),
        &[
            Area {
                name: SALES,
                branch_kind: SHOWROOM,
                cities: &[
                    RIYADH, JEDDAH, DAMMAM, KHOBAR, MADINAH, ABHA, BURAIDAH, AL_AHSA,
                ],
            },
            Area {
                name: AFTER_SALES,
                branch_kind: SERVICE,
                cities: &[RIYADH, JEDDAH, DAMMAM, MADINAH, ABHA],
            },
            Area {
                name: SPARE_PARTS,
                branch_kind: PARTS,
                cities: &[RIYADH, JEDDAH, DAMMAM],
            },
            Area {
                name: FLEET,
                branch_kind: FLEET_OFFICE,
                cities: &[RIYADH, JEDDAH],
            },
        ],
        &[
            ("Picanto", "بيكانتو"),
            ("Pegas", "بيجاس"),
            ("K3", "K3"),
            ("K4", "K4"),
            ("K5", "K5"),
            ("Sonet", "سونيت"),
            ("Seltos", "سيلتوس"),
            ("Sportage", "سبورتاج"),
            ("Sorento", "سورينتو"),
            ("Carnival", "كرنفال"),
            ("Telluride", "تيلورايد"),
            ("EV6", "EV6"),
        ],
    ),
    (
        2,
        ("JMC", "جي إم سي"),
        &[
            Area {
                name: SALES,
                branch_kind: SHOWROOM,
                cities: &[RIYADH, JEDDAH, DAMMAM, KHOBAR, TABUK, JAZAN],
            },
            Area {
                name: AFTER_SALES,
                branch_kind: SERVICE,
                cities: &[RIYADH, JEDDAH, KHOBAR],
            },
            Area {
                name: SPARE_PARTS,
                branch_kind: PARTS,
                cities: &[RIYADH, DAMMAM],
            },
        ],
        &[
            ("Grand Avenue", "جراند أفينيو"),
            ("Vigus", "فيجوس"),
            ("Vigus Pro", "فيجوس برو"),
            ("Boarding", "بوردنج"),
            ("Carrying", "كارينج"),
            ("Conquer", "كونكر"),
        ],
    ),
    (
        3,
        ("Peugeot", "بيجو"),
        &[
            Area {
                name: SALES,
                branch_kind: SHOWROOM,
                cities: &[RIYADH, JEDDAH, KHOBAR, MAKKAH],
            },
            Area {
                name: AFTER_SALES,
                branch_kind: SERVICE,
                cities: &[RIYADH, JEDDAH, KHOBAR],
            },
        ],
        &[
            ("208", "208"),
            ("2008", "2008"),
            ("3008", "3008"),
            ("5008", "5008"),
            ("508", "508"),
            ("Landtrek", "لاندتريك"),
            ("Partner", "بارتنر"),
            ("Expert", "إكسبرت"),
        ],
    ),
    (
        4,
        ("Changan", "شانجان"),
        &[
            Area {
                name: SALES,
                branch_kind: SHOWROOM,
                cities: &[RIYADH, JEDDAH, DAMMAM, HAIL],
            },
            Area {
                name: AFTER_SALES,
                branch_kind: SERVICE,
                cities: &[RIYADH, DAMMAM],
            },
        ],
        &[
            ("Alsvin", "السفن"),
            ("CS35 Plus", "CS35 بلس"),
            ("CS75 Plus", "CS75 بلس"),
            ("CS85", "CS85"),
            ("CS95", "CS95"),
            ("UNI-K", "يوني-كي"),
            ("UNI-T", "يوني-تي"),
            ("Hunter", "هنتر"),
        ],
    ),
];

/// Lead sources and their sub-sources.
const SOURCES: &[(ItemId, Bi, &[Bi])] = &[
    (
        1,
        ("Website", "الموقع الإلكتروني"),
        &[
            ("Lead Form", "نموذج الاهتمام"),
            ("Landing Page", "صفحة حملة"),
            ("Live Chat", "المحادثة المباشرة"),
        ],
    ),
    (
        2,
        ("Showroom", "صالة العرض"),
        &[
            ("Walk-in", "زيارة مباشرة"),
            ("Kiosk", "جهاز الخدمة الذاتية"),
        ],
    ),
    (
        3,
        ("Social Media", "وسائل التواصل الاجتماعي"),
        &[
            ("Instagram", "إنستغرام"),
            ("X", "إكس"),
            ("Snapchat", "سناب شات"),
            ("TikTok", "تيك توك"),
            ("Facebook", "فيسبوك"),
        ],
    ),
    (
        4,
        ("Direct Contact", "تواصل مباشر"),
        &[
            ("Email", "البريد الإلكتروني"),
            ("Phone Call", "مكالمة هاتفية"),
            ("WhatsApp", "واتساب"),
        ],
    ),
    (
        5,
        ("Campaign", "حملة تسويقية"),
        &[
            ("Google Ads", "إعلانات جوجل"),
            ("Meta Ads", "إعلانات ميتا"),
            ("SMS Campaign", "حملة رسائل نصية"),
        ],
    ),
    (
        6,
        ("Call Center", "مركز الاتصال"),
        &[("Inbound", "مكالمة واردة"), ("Outbound", "مكالمة صادرة")],
    ),
    (
        7,
        ("Lead Bank", "بنك العملاء المحتملين"),
        &[("Provider", "مزود")],
    ),
];

/// Every list of the simulator, keyed by `(list, parentId)`, in both languages.
pub struct SimCatalog {
    lists: HashMap<(ListType, Option<ItemId>), (Vec<ListItem>, Vec<ListItem>)>,
}

impl SimCatalog {
    /// Builds the catalogue; model years run from six years back to next year of `current_year`.
    pub fn new(current_year: i32) -> SimCatalog {
        let mut cat = SimCatalog {
            lists: HashMap::new(),
        };
        for (list, items) in FLAT {
            for (id, en, ar) in *items {
                cat.add(*list, None, *id, (*en).to_owned(), (*ar).to_owned());
            }
        }
        let mut city_id = 0;
        for (country_id, country, regions) in PLACES {
            cat.add_bi(ListType::Country, None, *country_id, *country);
            for (region_id, region, cities) in *regions {
                cat.add_bi(ListType::Region, Some(*country_id), *region_id, *region);
                for city in *cities {
                    city_id += 1;
                    cat.add_bi(ListType::City, Some(*region_id), city_id, *city);
                }
            }
        }
        for (brand_id, brand, areas, models) in BRANDS {
            cat.add_bi(ListType::OuType, None, *brand_id, *brand);
            for (a, area) in areas.iter().enumerate() {
                let area_id = brand_id * 10 + a as ItemId + 1;
                cat.add_bi(ListType::BusinessArea, Some(*brand_id), area_id, area.name);
                for (c, city) in area.cities.iter().enumerate() {
                    let branch_id = area_id * 100 + c as ItemId + 1;
                    let en = format!("{} {} {}", brand.0, city.0, area.branch_kind.0);
                    let ar = format!("{} {} - {}", area.branch_kind.1, brand.1, city.1);
                    cat.add(ListType::BranchType, Some(area_id), branch_id, en, ar);
                }
            }
            for (m, model) in models.iter().enumerate() {
                let model_id = brand_id * 100 + m as ItemId + 1;
                cat.add_bi(ListType::Model, Some(*brand_id), model_id, *model);
            }
        }
        for (source_id, source, subs) in SOURCES {
            cat.add_bi(ListType::LeadSource, None, *source_id, *source);
            for (s, sub) in subs.iter().enumerate() {
                let sub_id = source_id * 10 + s as ItemId + 1;
                cat.add_bi(ListType::LeadSubSource, Some(*source_id), sub_id, *sub);
            }
        }
        for year in (current_year - 6..=current_year + 1).rev() {
            cat.add(
                ListType::ModelYear,
                None,
                year.into(),
                year.to_string(),
                year.to_string(),
            );
        }
        cat
    }

    fn add_bi(&mut self, list: ListType, parent: Option<ItemId>, id: ItemId, text: Bi) {
        self.add(list, parent, id, text.0.to_owned(), text.1.to_owned());
    }

    fn add(&mut self, list: ListType, parent: Option<ItemId>, id: ItemId, en: String, ar: String) {
        let (ens, ars) = self.lists.entry((list, parent)).or_default();
        ens.push(ListItem::new(id, en));
        ars.push(ListItem::new(id, ar));
    }

    /// A list as the DMS would answer it; `None` when the list has no items under that parent.
    pub fn list(&self, list: ListType, parent: Option<ItemId>, lang: Lang) -> Option<&[ListItem]> {
        self.lists.get(&(list, parent)).map(|(en, ar)| match lang {
            Lang::En => en.as_slice(),
            Lang::Ar => ar.as_slice(),
        })
    }

    /// The text of an item in a language, wherever it hangs in the graph.
    pub fn text(&self, list: ListType, id: ItemId, lang: Lang) -> Option<&str> {
        self.lists
            .iter()
            .filter(|((l, _), _)| *l == list)
            .flat_map(|(_, (en, ar))| match lang {
                Lang::En => en.iter(),
                Lang::Ar => ar.iter(),
            })
            .find(|item| item.value == id)
            .map(|item| item.text.as_str())
    }

    /// The catalogue in one language, as validation reads it.
    pub fn in_lang(&self, lang: Lang) -> LangCatalog<'_> {
        LangCatalog {
            catalog: self,
            lang,
        }
    }
}

/// A [`SimCatalog`] seen in one language.
pub struct LangCatalog<'a> {
    catalog: &'a SimCatalog,
    lang: Lang,
}

impl Catalog for LangCatalog<'_> {
    fn items(&self, list: ListType, parent: Option<ItemId>) -> Option<&[ListItem]> {
        // The simulator knows every list: a missing one is an empty list, so a wrong choice is
        // reported rather than skipped.
        Some(self.catalog.list(list, parent, self.lang).unwrap_or(&[]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_has_items_in_both_languages() {
        let cat = SimCatalog::new(2026);
        for list in ListType::ALL {
            let any = cat
                .lists
                .iter()
                .any(|((l, _), (en, ar))| *l == list && !en.is_empty() && en.len() == ar.len());
            assert!(any, "{list:?}");
        }
    }

    #[test]
    fn ids_are_unique_per_list_and_cascades_resolve() {
        let cat = SimCatalog::new(2026);
        for list in ListType::ALL {
            let mut ids: Vec<ItemId> = cat
                .lists
                .iter()
                .filter(|((l, _), _)| *l == list)
                .flat_map(|(_, (en, _))| en.iter().map(|i| i.value))
                .collect();
            let n = ids.len();
            ids.sort();
            ids.dedup();
            assert_eq!(ids.len(), n, "{list:?} has duplicate ids");
            // Every parent id used by a child list exists in the parent list.
            if let Some(parent) = list.parent() {
                for (l, p) in cat.lists.keys() {
                    if *l == list {
                        assert!(cat.text(parent, p.unwrap(), Lang::En).is_some());
                    }
                }
            }
        }
        assert_eq!(
            cat.list(ListType::Region, Some(1), Lang::En).unwrap().len(),
            13
        );
        assert_eq!(cat.text(ListType::City, 1, Lang::Ar), Some("الرياض"));
        assert_eq!(
            cat.text(ListType::Region, 4, Lang::En),
            Some("Eastern Province")
        );
        assert_eq!(
            cat.list(ListType::ModelYear, None, Lang::En)
                .unwrap()
                .first()
                .unwrap()
                .text,
            "2027"
        );
    }
}
