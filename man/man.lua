-- man.lua - pandoc filter that turns a page of spec/ (Markdown) into a man page.
-- The spec page stays the one source: its title becomes NAME (with the
-- metadata "description"), its first code block before any section SYNOPSIS,
-- the rest of its introduction DESCRIPTION, its "##" sections the man page's
-- sections; links keep their text only; SEE ALSO comes from "see_also".

local function plain_links(el)
  return el.content
end

-- Column widths from the longest cell of each column (capped, so one long
-- cell does not squeeze the others) and never below its longest word, scaled
-- to fit an 80-column terminal.
local function fit_table(tbl)
  local want, word = {}, {}
  local function measure(rows)
    for _, row in ipairs(rows) do
      for c, cell in ipairs(row.cells) do
        local text = pandoc.utils.stringify(cell.contents)
        want[c] = math.max(want[c] or 1, math.min(#text, 48))
        for w in text:gmatch("%S+") do
          word[c] = math.max(word[c] or 1, math.min(#w, 30))
        end
      end
    end
  end
  measure(tbl.head.rows)
  for _, body in ipairs(tbl.bodies) do measure(body.body) end
  local total = 0
  for c = 1, #tbl.colspecs do
    want[c] = math.max(want[c] or 1, word[c] or 1)
    total = total + want[c]
  end
  for c, spec in ipairs(tbl.colspecs) do
    -- Room for the text: the 78 columns man sets for an 80-column terminal,
    -- less 2 to spare, the indent (7) and the
    -- gaps between columns (3 each), in pandoc's table widths (75 columns).
    local room = (76 - 7 - 3 * (#tbl.colspecs - 1)) / 75
    local share = room * want[c] / total
    share = math.max(share, ((word[c] or 1) + 1) / 75)
    tbl.colspecs[c] = {spec[1], share}
  end
  return tbl
end

function Pandoc(doc)
  local meta = doc.meta
  local name = pandoc.utils.stringify(meta.title or "")
  local desc = pandoc.utils.stringify(meta.description or "")
  local out = {}
  local synopsis, intro = {}, {}
  local i = 1
  local blocks = doc.blocks
  -- The title ("# renacer-record") and the introduction before the first "##".
  if blocks[1] and blocks[1].t == "Header" and blocks[1].level == 1 then
    i = 2
  end
  while blocks[i] and not (blocks[i].t == "Header" and blocks[i].level <= 2) do
    if blocks[i].t == "CodeBlock" and #synopsis == 0 and #intro > 0 then
      table.insert(synopsis, blocks[i])
    else
      table.insert(intro, blocks[i])
    end
    i = i + 1
  end
  -- Left-aligned text: justified narrow table columns only make gaps (and
  -- groff warnings).
  table.insert(out, pandoc.RawBlock("man", ".ad l"))
  table.insert(out, pandoc.Header(1, "NAME"))
  table.insert(out, pandoc.Para({pandoc.Str(name), pandoc.Space(), pandoc.Str("\u{2014}"),
                                 pandoc.Space(), pandoc.Str(desc)}))
  if #synopsis > 0 then
    table.insert(out, pandoc.Header(1, "SYNOPSIS"))
    for _, b in ipairs(synopsis) do table.insert(out, b) end
  end
  table.insert(out, pandoc.Header(1, "DESCRIPTION"))
  for _, b in ipairs(intro) do table.insert(out, b) end
  -- Sections: "##" becomes a man section (upper case), "###" a subsection.
  for j = i, #blocks do
    local b = blocks[j]
    if b.t == "Header" then
      if b.level <= 2 then
        local text = pandoc.utils.stringify(b.content):upper()
        table.insert(out, pandoc.Header(1, text))
      else
        table.insert(out, pandoc.Header(2, b.content))
      end
    else
      table.insert(out, b)
    end
  end
  if meta.see_also then
    table.insert(out, pandoc.Header(1, "SEE ALSO"))
    table.insert(out, pandoc.Para({pandoc.Str(pandoc.utils.stringify(meta.see_also))}))
  end
  local body = pandoc.Pandoc(out, meta)
  return body:walk({Link = plain_links, Table = fit_table})
end
