//! The rendered output of each file, kept until the run is over.
//!
//! The link check can add a finding to any file until every file has been read: a loop is
//! known only once the graph is complete, and a file used as a whisper `url` by a later file
//! gets findings for that use. So the printer writes nothing before the end, and the store
//! keeps the rendered text of each file meanwhile. Past [`MEMORY_LIMIT`] it moves to an
//! unnamed temporary file, so that memory stays flat however many files there are.

use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};

/// The maximum output kept in memory before it moves to a temporary file, in bytes.
const MEMORY_LIMIT: usize = 1 << 20;

/// Where one file's text is in the store.
#[derive(Debug, Clone, Copy)]
struct Slot {
    offset: u64,
    len: usize,
}

/// Rendered text by file index.
#[derive(Debug)]
pub(super) struct ChunkStore {
    slots: Vec<Option<Slot>>,
    memory: Vec<u8>,
    file: Option<BufWriter<std::fs::File>>,
    written: u64,
    /// Whether making the temporary file failed once, so the text stays in memory.
    spill_failed: bool,
}

impl ChunkStore {
    /// A store for `files` files.
    pub(super) fn new(files: usize) -> ChunkStore {
        ChunkStore {
            slots: vec![None; files],
            memory: Vec::new(),
            file: None,
            written: 0,
            spill_failed: false,
        }
    }

    /// Keeps `text` as the output of file `index`.
    pub(super) fn put(&mut self, index: usize, text: &str) -> std::io::Result<()> {
        let Some(slot) = self.slots.get_mut(index) else { return Ok(()) };
        *slot = Some(Slot { offset: self.written, len: text.len() });
        self.written += text.len() as u64;
        let over_limit = self.memory.len() + text.len() > MEMORY_LIMIT;
        if self.file.is_none() && !self.spill_failed && over_limit {
            self.spill();
        }
        if let Some(file) = &mut self.file {
            file.write_all(text.as_bytes())
        } else {
            self.memory.extend_from_slice(text.as_bytes());
            Ok(())
        }
    }

    /// Moves the text kept so far to a temporary file. When none can be made, the text stays
    /// in memory.
    fn spill(&mut self) {
        match tempfile::tempfile() {
            Ok(file) => {
                let mut file = BufWriter::with_capacity(1 << 16, file);
                if let Err(error) = file.write_all(&self.memory) {
                    log::debug!("keeping the output in memory: {error}");
                    self.spill_failed = true;
                    return;
                }
                self.memory = Vec::new();
                self.file = Some(file);
            }
            Err(error) => {
                log::debug!("keeping the output in memory: {error}");
                self.spill_failed = true;
            }
        }
    }

    /// Returns a reader that yields each file's text in index order.
    pub(super) fn into_reader(self) -> std::io::Result<ChunkReader> {
        let file = match self.file {
            Some(file) => {
                let mut file = file.into_inner().map_err(std::io::IntoInnerError::into_error)?;
                file.seek(SeekFrom::Start(0))?;
                Some(BufReader::with_capacity(1 << 16, file))
            }
            None => None,
        };
        Ok(ChunkReader { slots: self.slots, memory: self.memory, file, position: 0 })
    }
}

/// Reads the texts of a [`ChunkStore`] back.
#[derive(Debug)]
pub(super) struct ChunkReader {
    slots: Vec<Option<Slot>>,
    memory: Vec<u8>,
    file: Option<BufReader<std::fs::File>>,
    position: u64,
}

impl ChunkReader {
    /// Reads the text of file `index` into `buffer`, replacing what it held; empty when the
    /// file has none.
    pub(super) fn read(&mut self, index: usize, buffer: &mut Vec<u8>) -> std::io::Result<()> {
        buffer.clear();
        let Some(Some(slot)) = self.slots.get(index).copied() else { return Ok(()) };
        if slot.len == 0 {
            return Ok(());
        }
        let Some(file) = &mut self.file else {
            let start = usize::try_from(slot.offset).unwrap_or(usize::MAX);
            if let Some(text) = self.memory.get(start..start.saturating_add(slot.len)) {
                buffer.extend_from_slice(text);
            }
            return Ok(());
        };
        // Files released late by the link check were stored out of order.
        if slot.offset != self.position {
            file.seek(SeekFrom::Start(slot.offset))?;
        }
        buffer.resize(slot.len, 0);
        file.read_exact(buffer)?;
        self.position = slot.offset + slot.len as u64;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(store: ChunkStore, count: usize) -> Vec<String> {
        let mut reader = store.into_reader().expect("reader");
        let mut buffer = Vec::new();
        (0..count)
            .map(|index| {
                reader.read(index, &mut buffer).expect("read");
                String::from_utf8(buffer.clone()).expect("UTF-8")
            })
            .collect()
    }

    #[test]
    fn chunks_come_back_in_index_order() {
        let mut store = ChunkStore::new(4);
        store.put(2, "two\n").expect("put");
        store.put(0, "zero\n").expect("put");
        store.put(3, "").expect("put");
        assert_eq!(read_all(store, 4), ["zero\n", "", "two\n", ""]);
    }

    #[test]
    fn large_output_spills_and_reads_back() {
        let count = 300;
        let mut store = ChunkStore::new(count);
        let text = |index: usize| format!("{index}:{}\n", "x".repeat(10_000));
        for index in (0..count).rev() {
            store.put(index, &text(index)).expect("put");
        }
        assert!(store.file.is_some(), "over the memory limit, the text moves to a file");
        let read = read_all(store, count);
        for (index, chunk) in read.iter().enumerate() {
            assert_eq!(*chunk, text(index));
        }
    }
}
