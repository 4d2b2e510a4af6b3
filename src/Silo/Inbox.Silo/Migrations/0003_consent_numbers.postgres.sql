-- The numbers each consent change applied to, as a JSON array of number keys. A STOPALL, or a change
-- made without a number, applies to every number the brand has on the channel, and the figures must
-- count it for each of them; the event's number_key only says where it came from ('*' for all).
ALTER TABLE consent_events ADD COLUMN numbers text;

-- Earlier changes: what they covered then is not recorded; the brand's numbers now are the best guess.
UPDATE consent_events e SET numbers = CASE
    WHEN e.number_key = '*' OR (e.method = 'keyword' AND e.reason = 'STOPALL')
        THEN COALESCE((SELECT json_agg(n.number_key ORDER BY n.number_key)::text FROM numbers n WHERE n.brand_id = e.brand_id AND n.channel = e.channel), '[]')
    ELSE json_build_array(e.number_key)::text
END;
