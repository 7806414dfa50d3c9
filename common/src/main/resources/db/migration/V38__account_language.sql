-- The language an account reads printed pages and files in (monthly report, compliance and grid exports,
-- statements) when a request does not ask for one with ?lang=. Chinese unless the account chose English;
-- set by the account itself and by administrators; the console saves its language switch here.
ALTER TABLE account ADD COLUMN language text NOT NULL DEFAULT 'zh-CN' CHECK (language IN ('zh-CN', 'en'));
