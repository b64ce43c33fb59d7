//! Reading a CSV file into a header and rows of cells.

/// A CSV file as header and rows of cells.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The cell separator of a file: `;` when the header line has more of them than commas outside
/// quotes (spreadsheets in locales with a decimal comma write that), `,` otherwise.
pub fn detect_delimiter(text: &str) -> char {
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            '\n' if !quoted => break,
            _ => {}
        }
    }
    if semicolons > commas {
        ';'
    } else {
        ','
    }
}

/// Reads a CSV file: BOM dropped, delimiter detected, quotes honoured, blank lines skipped. Rows
/// shorter than the header are padded with empty cells.
///
/// Scans bytes and copies runs of plain text, not characters one by one: every character that
/// means something here is ASCII, so a run always ends on a character boundary, and a file of
/// thousands of rows is mostly plain text.
pub fn parse_csv(text: &str) -> Table {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let delimiter = detect_delimiter(text) as u8;
    let bytes = text.as_bytes();
    let mut records: Vec<Vec<String>> = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    // `text[run..i]` belongs to `cell` but is not copied yet.
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        let special = if quoted {
            byte == b'"'
        } else {
            matches!(byte, b'"' | b'\r' | b'\n') || byte == delimiter
        };
        if !special {
            i += 1;
            continue;
        }
        cell.push_str(&text[run..i]);
        let next = bytes.get(i + 1).copied();
        i += 1;
        match byte {
            b'"' if quoted && next == Some(b'"') => {
                cell.push('"');
                i += 1;
            }
            b'"' if quoted => quoted = false,
            // A quote opens a quoted cell only at its start; elsewhere it is text.
            b'"' if cell.trim().is_empty() => {
                cell.clear();
                quoted = true;
            }
            b'"' => cell.push('"'),
            b'\r' if next == Some(b'\n') => {}
            b'\r' | b'\n' => {
                record.push(std::mem::take(&mut cell));
                if record.iter().any(|c| !c.trim().is_empty()) {
                    // The next record is likely as wide as this one.
                    let width = record.len();
                    records.push(std::mem::replace(&mut record, Vec::with_capacity(width)));
                } else {
                    record.clear();
                }
            }
            _ => record.push(std::mem::take(&mut cell)),
        }
        run = i;
    }
    cell.push_str(&text[run..]);
    if !cell.is_empty() || !record.is_empty() {
        record.push(cell);
        if record.iter().any(|c| !c.trim().is_empty()) {
            records.push(record);
        }
    }
    let mut records = records.into_iter();
    let headers: Vec<String> = records
        .next()
        .unwrap_or_default()
        .into_iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let rows = records
        .map(|mut row| {
            if row.len() < headers.len() {
                row.resize(headers.len(), String::new());
            }
            row
        })
        .collect();
    Table { headers, rows }
}
