-- The numbers each consent change applied to, as a JSON array of number keys. A STOPALL, or a change
-- made without a number, applies to every number the brand has on the channel, and the figures must
-- count it for each of them; the event's number_key only says where it came from ('*' for all).
ALTER TABLE consent_events ADD COLUMN numbers TEXT;

-- Earlier changes: what they covered then is not recorded; the brand's numbers now are the best guess.
UPDATE consent_events SET numbers = CASE
    WHEN number_key = '*' OR (method = 'keyword' AND reason = 'STOPALL')
        THEN (SELECT json_group_array(n.number_key) FROM numbers n WHERE n.brand_id = consent_events.brand_id AND n.channel = consent_events.channel)
    ELSE json_array(number_key)
END;
