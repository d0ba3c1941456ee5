"""Sample sessions shipped with juryapp (session folders *.jury/)."""
