// The reader's note (更正说明) an editor writes in the form goes into the commit message as a
// trailer, which the site's correction log reads (generator/loading/history.py). Decap builds
// commit messages from templates that cannot name a field, so each backend's persistEntry is
// wrapped: the note is found by the text the format wrote for it.

export function withTrailer(message, note) {
  const line = String(note ?? '').replace(/\s+/g, ' ').trim();
  return line ? `${message}\n\n更正说明: ${line}` : message;
}

// registered: Decap's registry entry for one backend ({init}); notes: text written → its note.
export function carryNotes(registered, notes) {
  const make = registered.init;
  registered.init = (...args) => {
    const backend = make(...args);
    const persist = backend.persistEntry.bind(backend);
    backend.persistEntry = (entry, options) => {
      const note = (entry.dataFiles ?? [entry]).map((file) => notes.get(file.raw)).find(Boolean);
      return persist(entry, { ...options, commitMessage: withTrailer(options.commitMessage, note) });
    };
    return backend;
  };
}
